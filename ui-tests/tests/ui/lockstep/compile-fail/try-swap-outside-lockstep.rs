// Tries to call `try_swap!` in a helper function, outside any `lockstep!`.
// A swap point pairs with the partner block's; `lockstep!` sees only the
// `try_swap!`s in its blocks' own code, so anywhere else it is an error.
// Correct: name the block's side (`right |buf = ..| as side { .. }`), pass
// `side` to the helper, and call `side.try_swap()` there.
use rendezvous_lockstep::try_swap;

fn drain() -> usize {
    let mut n = 0;
    while try_swap!() { //~ ERROR `try_swap!` can only be used inside a `lockstep!` block
        n += 1;
    }
    n
}

fn main() {
    drain();
}
