// A mistake expands to the error and the blocks' code in closures that never
// run, with each `swap!` replaced by `()`, so that no second error follows.
fn main() {
    let (a, b) = lockstep! {
        left |buf = 1| { let step = || swap!(buf); swap!(buf); }
        right |buf = 2| { swap!(buf); }
    };
}
