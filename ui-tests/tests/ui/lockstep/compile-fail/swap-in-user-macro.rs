// Tries to hide `swap!` in a `macro_rules!` macro called from a block.
// `lockstep!` sees only the call `step!()`, not the `swap!` it expands to,
// which ends up outside any `lockstep!` block: that is the one error. A block
// that calls a macro of its own may swap in it, so `lockstep!` does not
// compare its swap count, and adds no second error.
// Correct: write `swap!()` in the block itself, next to the `step!()` call.
use rendezvous_lockstep::{lockstep, swap};

macro_rules! step {
    () => {
        swap!() //~ ERROR can only be used inside a `lockstep!` block
    };
}

fn main() {
    lockstep! {
        left { step!(); }
        right { swap!(); swap!(); }
    };
}
