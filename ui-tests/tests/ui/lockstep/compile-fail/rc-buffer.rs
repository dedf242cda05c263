// Tries to swap `Rc` buffers between the two blocks' threads.
// Each swap moves a buffer to the other thread, and two `Rc`s to one value
// would then change its count from two threads at once; so the buffer type
// must be `Send`, and `Rc` is not.
// Correct: use `Arc` (or plain owned data) for buffers.
use rendezvous_lockstep::lockstep;
use std::rc::Rc;

fn main() {
    lockstep! {
        <Rc<u32>> //~ ERROR cannot move between the blocks' threads
        left |buf = Rc::new(1)| { swap!(buf); }
        right |buf = Rc::new(2)| { swap!(buf); }
    };
}
