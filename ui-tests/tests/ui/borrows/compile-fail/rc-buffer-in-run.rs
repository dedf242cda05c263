// Tries to run two lockstep blocks that trade `Rc` buffers.
// The right block runs on another thread and each swap moves a buffer across,
// so `lockstep::run` requires `T: Send`; `Rc` is not `Send` (E0277).
// Correct: use `Arc<T>` buffers, or keep the `Rc` in one block and swap
// plain values.
use std::rc::Rc;
fn main() {
    rendezvous_lockstep::lockstep::run( //~ ERROR E0277
        Rc::new(1),
        Rc::new(2),
        |side| *side.swap() = Rc::new(3),
        |side| drop(side.swap().clone()),
    );
}
