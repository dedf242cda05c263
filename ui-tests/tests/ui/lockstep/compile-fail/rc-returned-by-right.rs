// Tries to return an `Rc` from the `right` block.
// The `right` block runs on its own thread, and its value travels back to the
// caller's thread; an `Rc` cannot cross threads (E0277).
// Correct: return an `Arc`, or plain owned data.
use rendezvous_lockstep::lockstep;
use std::rc::Rc;

fn main() {
    let (_, b) = lockstep! {
        left { swap!(); }
        right { swap!(); Rc::new(5) } //~ ERROR cannot be sent back to the calling thread
    };
    drop(b);
}
