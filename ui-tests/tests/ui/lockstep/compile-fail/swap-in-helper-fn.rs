// Tries to swap in a helper fn that a block calls.
// A fn runs whenever it is called and cannot reach the block's end of the
// pair, so its `swap!` is an error, which says that the block neither sees nor
// counts it. The block's own `swap!`s, one against two, differ too, but
// rustc reports that only once this error is fixed.
// Correct: let the helper compute, and call `swap!` in the block:
// `left { helper(); swap!(); swap!(); }`.
use rendezvous_lockstep::{lockstep, swap};

fn helper() {
    swap!(); //~ ERROR can only be used inside a `lockstep!` block
}

fn main() {
    lockstep! {
        left { helper(); swap!(); }
        right { swap!(); swap!(); }
    };
}
