// Both blocks loop `for _ in 0..n`, but each binds its own `n`: the left block
// swaps twice in each of 2 rounds, the right block once in each of 4. The
// headers read the same, yet their bounds are the blocks' own values, so
// `lockstep!` does not compare them and leaves the count to the run-time
// check. The program is correct (4 swaps each) and compiles.
use rendezvous_lockstep::lockstep;

fn main() {
    let (a, b) = lockstep! {
        left { let n = 2; for _ in 0..n { swap!(); swap!(); } n }
        right { let n = 4; for _ in 0..n { swap!(); } n }
    };
    assert_eq!((a, b), (2, 4));
}
