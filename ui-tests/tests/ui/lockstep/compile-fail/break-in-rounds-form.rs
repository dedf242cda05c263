// Tries to leave the rounds early with `break` in one block.
// The partner block would wait at the end of a round this block never runs;
// `lockstep!` rejects `break`, `continue`, `return` and `?` that end a round.
// Correct: skip the rest of a round's work with `if`; to stop early, write the
// loop, with its `swap!`, in both blocks.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        for step in 0..10;
        left { if step == 5 { break; } } //~ ERROR `break` cannot end the rounds
        right {}
    };
}
