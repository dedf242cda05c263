// Both blocks loop `for _ in v.iter()`, each over its own `v`: two items with
// two swaps each on the left, four items with one swap each on the right. A
// header over a block's own names (or any call) is not compared: only the
// run-time check could know the trip count. The program is correct (4 swaps
// each) and compiles.
use rendezvous_lockstep::lockstep;

fn main() {
    let (a, b) = lockstep! {
        left { let v = [1, 2]; for _ in v.iter() { swap!(); swap!(); } v.len() }
        right { let v = [1, 2, 3, 4]; for _ in v.iter() { swap!(); } v.len() }
    };
    assert_eq!((a, b), (2, 4));
}
