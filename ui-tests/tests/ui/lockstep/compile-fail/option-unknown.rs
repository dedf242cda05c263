// Tries an option the block does not have: `priority`.
// `lockstep!` starts the right block's thread through `lockstep::Builder`,
// which knows a name, a stack size and a waiting strategy; the error lists
// the options of this block.
// Correct: `right(name = "worker", stack_size = .., waiting = ..)`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        right(name = "worker", priority = 3) { swap!(); } //~ ERROR unknown option `priority`
    };
}
