// Tries to swap twice per turn on the left and once on the right, both in
// `for _ in 0..rounds` over the caller's `rounds`. Neither block can change
// `rounds`, so the loops run equally often and the counts provably differ:
// `lockstep!` reports them on the `left` block.
// Correct: the same number of `swap!`s per turn in both loops.
use rendezvous_lockstep::lockstep;

fn main() {
    let rounds = 3;
    lockstep! {
        left { for _ in 0..rounds { swap!(); swap!(); } } //~ ERROR must swap equally often
        right { for _ in 0..rounds { swap!(); } }
    };
}
