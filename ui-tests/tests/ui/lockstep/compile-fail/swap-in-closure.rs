// Tries to swap inside a closure within a block.
// A closure may run any number of times, at any time, or never, so its
// `swap!` cannot be paired with the partner's; `lockstep!` rejects it.
// Correct: call `swap!` in the block's own code, around the closure calls:
// `for _ in 0..3 { step(); swap!(); }`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { let step = || swap!(); step(); } //~ ERROR inside a closure
        right { swap!(); }
    };
}
