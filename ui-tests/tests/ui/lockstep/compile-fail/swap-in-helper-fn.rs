// Tries to swap in a helper fn that a block calls.
// A fn runs whenever it is called and cannot reach the block's end of the
// pair, so its `swap!` is an error, which says that the block neither sees nor
// counts it. `lockstep!` cannot look into the fn either: it counts the
// block's own `swap!`s, one against two, and reports that too.
// Correct: let the helper compute, and call `swap!` in the block:
// `left { helper(); swap!(); swap!(); }`.
use rendezvous_lockstep::{lockstep, swap};

fn helper() {
    swap!(); //~ ERROR can only be used inside a `lockstep!` block
}

fn main() {
    lockstep! {
        left { helper(); swap!(); } //~ ERROR must swap equally often
        right { swap!(); swap!(); } //~ ERROR the `right` block's swap count is 2
    };
}
