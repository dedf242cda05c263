// Both blocks loop `while k < 4`, with different steps: the left block counts
// by one and swaps once per turn, the right block counts by two and swaps
// twice. A `while` loop's trip count depends on what its body does, so
// `lockstep!` never compares `while`, `while let` or `loop`: the run-time
// check covers them. The program is correct (4 swaps each) and compiles.
use rendezvous_lockstep::lockstep;

fn main() {
    let (a, b) = lockstep! {
        left { let mut k = 0; while k < 4 { k += 1; swap!(); } k }
        right { let mut k = 0; while k < 4 { k += 2; swap!(); swap!(); } k }
    };
    assert_eq!((a, b), (4, 4));
}
