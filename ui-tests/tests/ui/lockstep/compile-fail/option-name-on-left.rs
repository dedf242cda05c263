// Tries to name the left block's thread and set its stack size.
// The left block runs on the calling thread, which `lockstep!` does not
// start, so neither can be set there; only the right block gets a thread
// of its own.
// Correct: `left(waiting = ..)` at most, and `right(name = .., stack_size = ..)`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left(name = "main", stack_size = 1 << 20) { swap!(); } //~ ERROR option of the `right` block only
        right { swap!(); }
    };
}
