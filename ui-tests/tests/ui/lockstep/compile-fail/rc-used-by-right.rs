// Tries to use the caller's `Rc` in the `right` block.
// The `right` block runs on its own thread, and an `Rc` (even a reference to
// one) cannot be shared across threads (E0277). The `left` block runs on the
// caller's thread and may use it.
// Correct: use an `Arc`, or move the work that needs the `Rc` to `left`.
use rendezvous_lockstep::lockstep;
use std::rc::Rc;

fn main() {
    let shared = Rc::new(5);
    lockstep! {
        left { swap!(); }
        right { swap!(); let _ = *shared + 1; } //~ ERROR cannot be shared between threads safely
    };
}
