// Both blocks loop `for _ in 0..N`, but each declares its own `const N`: 2
// turns with two swaps on the left, 4 turns with one on the right. A name a
// block binds itself, with `let`, a pattern, an item or a `use`, is the
// block's own value, so `lockstep!` does not compare loops over it. The
// program is correct (4 swaps each) and compiles.
use rendezvous_lockstep::lockstep;

fn main() {
    let (a, b) = lockstep! {
        left { const N: usize = 2; for _ in 0..N { swap!(); swap!(); } N }
        right { const N: usize = 4; for _ in 0..N { swap!(); } N }
    };
    assert_eq!((a, b), (2, 4));
}
