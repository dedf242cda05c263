// Tries to call `swap!` in a rounds-form block (`for ... in ...;` header).
// The rounds form swaps once at the end of every round by itself, which is
// how it keeps both blocks in step; an extra `swap!` would break that.
// Correct: drop the `swap!`, or drop the `for` header and write the loop with
// its `swap!`s in both blocks.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        for step in 0..3;
        left { println!("{step}"); swap!(); } //~ ERROR remove this `swap!`
        right {}
    };
}
