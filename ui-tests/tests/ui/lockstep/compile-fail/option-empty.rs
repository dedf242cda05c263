// Writes empty parentheses after a block's keyword.
// Parentheses there hold the block's options; empty ones are a leftover.
// Correct: give an option, `right(name = "reader")`, or remove the `()`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        right() { swap!(); } //~ ERROR empty options
    };
}
