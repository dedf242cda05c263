// Tries to silence the swap-count error with `#![allow(unused_must_use)]`.
// The error is reported through that lint, but `lockstep!` denies it on the
// `left` keyword itself, so a crate-wide `allow` does not hide a pair that
// would wait for ever: the error stands. The items that report it sit in a
// block of their own, so the caller's `swap_counts` is still the caller's.
// Correct: give both blocks the same number of `swap!`s.
#![allow(unused_must_use)]
use rendezvous_lockstep::lockstep;

fn main() {
    let swap_counts = 3;
    lockstep! {
        left { let _ = swap_counts + 1; swap!(); } //~ ERROR must swap equally often
        right { swap!(); swap!(); }
    };
}
