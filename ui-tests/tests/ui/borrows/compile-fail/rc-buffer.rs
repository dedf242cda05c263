// Tries to make a pair whose buffers are `Rc`s and run one side on a thread.
// Every swap moves a buffer to the other thread, and an `Rc`'s count is not
// atomic: clones left on both threads would race on it. So `new` requires
// `T: Send` and rejects `Rc` before any handle exists (E0277).
// Correct: use `Arc` buffers, or plain values.
use std::rc::Rc;
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(Rc::new(1), Rc::new(2)); //~ ERROR E0277
    std::thread::spawn(move || *b.swap() = Rc::new(3));
    a.swap();
}
