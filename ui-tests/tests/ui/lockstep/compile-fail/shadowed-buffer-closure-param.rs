// Tries to swap inside a closure whose parameter is named `buf`. A closure
// may run any number of times, or never, so no `swap!` can be paired inside
// one; `lockstep!` says so once, and names the parameter that hides the
// block's buffer.
// Correct: let the closure compute, and call `swap!(buf)` in the block's own
// code.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| {
            let step = |buf: &mut i32| { *buf += 1; swap!(buf); }; //~ ERROR inside a closure
            step(buf);
        }
        right |buf = 0| { swap!(buf); }
    };
}
