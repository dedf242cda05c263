// Tries to swap once per turn of `for _ in 0..3` on the left, twice on the right.
// Every swap waits for the partner's matching one, so the blocks must swap
// equally often; here the counts are plain to see, so `lockstep!` reports
// them on the `left` block instead of letting it panic at run time.
// Correct: give both blocks the same number of `swap!`s.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { for _ in 0..3 { swap!(); } } //~ ERROR must swap equally often
        right { for _ in 0..3 { swap!(); swap!(); } }
    };
}
