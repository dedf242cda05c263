// Trades `Cell<u32>` buffers between two threads.
// `Cell` is `Send` but not `Sync`: it may move to another thread, but not be
// shared with one. A swap moves each buffer, it never shares one, so
// `T: Send` is all that is needed and Rust accepts it. (A `&Cell` buffer is
// rejected: see compile-fail/cell-shared-between-buffers.rs.)
use std::cell::Cell;
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(Cell::new(1), Cell::new(2));
    let t = std::thread::spawn(move || b.swap().get());
    a.get_mut().set(10);
    assert_eq!(a.swap().get(), 2);
    assert_eq!(t.join().unwrap(), 10);
}
