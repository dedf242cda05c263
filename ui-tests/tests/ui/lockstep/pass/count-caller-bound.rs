// Both blocks loop over the caller's `rounds` and swap once per turn. Neither
// block rebinds or changes `rounds`, so both loops run equally often, and
// `lockstep!` compares their counts: equal, so the program compiles. (Were
// they unequal, see the compile-fail case `swap-count-mismatch-caller-bound`.)
use rendezvous_lockstep::lockstep;

fn main() {
    let rounds = 3;
    let (a, b) = lockstep! {
        left |n = 0_u32| { for i in 0..rounds { *n = i; swap!(n); } }
        right |n = 0_u32| { let mut sum = 0; for _ in 0..rounds { swap!(n); sum += *n; } sum }
    };
    assert_eq!((a, b), ((), 3));
}
