// Tries to name a block's side in the rounds form.
// The rounds form swaps once per round by itself, so both blocks run the
// same rounds; a helper that swapped through the side would break them.
// Correct: drop the `for ... in ...;` header and write the loop in both
// blocks, then name the side and hand it to helpers.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        for step in 0..3;
        left as side { println!("{step} {side:?}"); } //~ ERROR cannot name its side
        right {}
    };
}
