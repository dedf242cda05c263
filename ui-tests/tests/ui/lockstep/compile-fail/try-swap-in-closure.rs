// Tries to call `try_swap!` inside a closure, to swap from a helper.
// A closure may run any number of times, at any time, or never, so
// `lockstep!` cannot pair its swap points; it rejects `try_swap!` there as
// it does `swap!`.
// Correct: call `try_swap!` in the block's own code, or name the block's
// side (`left |buf = ..| as side { .. }`) and call `side.try_swap()` in the
// closure, which then takes the side as a parameter.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |n = 0| { let next = || try_swap!(n); while next() {} } //~ ERROR inside a closure
        right |n = 1| { swap!(n); }
    };
}
