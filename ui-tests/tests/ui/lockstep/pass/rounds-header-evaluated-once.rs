// Runs rounds over `0..limit.get()`, where `limit` is a `Cell` of the caller.
// The rounds header is evaluated once, on the calling thread, before either
// block runs; the `right` block gets a copy of its value (`0..3`), never the
// `Cell`, which could not be shared with another thread. So both blocks run
// the same rounds, and a header may read what only the calling thread may.
use rendezvous_lockstep::lockstep;
use std::cell::Cell;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

fn main() {
    let limit = Cell::new(3);
    let rounds = AtomicU32::new(0);
    lockstep! {
        for t in 0..limit.get();
        left { limit.set(t); }
        right { rounds.fetch_add(1, Relaxed); }
    }
    assert_eq!((limit.get(), rounds.into_inner()), (2, 3));
}
