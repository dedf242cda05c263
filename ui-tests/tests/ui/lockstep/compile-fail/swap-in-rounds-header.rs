// Tries to swap in the rounds header's expression.
// The header decides how many rounds both blocks run; it is evaluated
// before any round, where there is no partner to meet yet. `swap!` belongs in
// block code, and the rounds form swaps by itself anyway.
// Correct: `for t in 0..3;`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        for t in { swap!(); 0..3 }; //~ ERROR only in the code of a block
        left { let _ = t; }
        right {}
    }
}
