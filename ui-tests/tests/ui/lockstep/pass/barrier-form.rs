// Uses `swap!()` as a pure rendezvous, with no buffers: each side's second
// phase starts only once both sides finished their first.
// Without `|name = init|` bindings the swapped type is `()`, and `swap!()`
// takes no argument. The `right` block runs on its own thread, so the counter `done` is
// an `AtomicU32` both blocks borrow.
use rendezvous_lockstep::lockstep;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};

fn main() {
    let done = AtomicU32::new(0);
    let (left_saw, right_saw) = lockstep! {
        left {
            done.fetch_add(1, SeqCst);
            swap!();
            done.load(SeqCst)
        }
        right {
            done.fetch_add(1, SeqCst);
            swap!();
            done.load(SeqCst)
        }
    };
    assert_eq!((left_saw, right_saw), (2, 2));
}
