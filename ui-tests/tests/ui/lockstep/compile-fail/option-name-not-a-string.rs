// Names the right block's thread with a number.
// A thread's name is a string; the error says so in the words of the block,
// at the value.
// Correct: `right(name = "worker-7")`, or `name = format!("worker-{id}")`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        right(name = 7) { swap!(); } //~ ERROR thread name must be a string
    };
}
