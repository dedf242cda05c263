// Tries to make both buffers a reference to one `Cell`.
// Then both threads could `set` the same `Cell` at once: a data race.
// `&Cell<T>` is `Send` only if `Cell<T>` is `Sync`, which it is not, so the
// buffer type fails the `T: Send` bound of `new` (E0277).
// Correct: give each side a `Cell` of its own (see pass/cell-buffer.rs).
use std::cell::Cell;
fn main() {
    let cell = Cell::new(0);
    let _state = rendezvous_lockstep::RendezvousDataState::new(&cell, &cell); //~ ERROR E0277
}
