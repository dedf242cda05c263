// Tries to end a rounds-form block early with `try_swap!`.
// The rounds form swaps once at the end of every round by itself, so both
// blocks run the same rounds; a swap point of one's own would break that.
// Correct: drop the `for ... in ...;` header and write the loop in both
// blocks, with `while try_swap!(buf)` in the one that stops on its own.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        for step in 0..3;
        left { if !try_swap!() { println!("{step}"); } } //~ ERROR remove this `try_swap!`
        right {}
    };
}
