// Tries to swap `Rc` buffers, with the buffer type left to inference.
// Each swap moves a buffer to the other thread, so the buffer type must be
// `Send`, and `Rc` is not; without `<T>`, the error points at the first
// buffer's initializer, whose type the compiler inferred.
// Correct: use `Arc` (or plain owned data) for buffers.
use rendezvous_lockstep::lockstep;
use std::rc::Rc;

fn main() {
    lockstep! {
        left |buf = Rc::new(1)| { swap!(buf); } //~ ERROR cannot move between the blocks' threads
        right |buf = Rc::new(2)| { swap!(buf); }
    };
}
