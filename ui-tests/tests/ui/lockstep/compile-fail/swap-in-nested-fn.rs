// Tries to swap inside a helper fn declared within a block.
// A nested fn is an item: it runs whenever it is called and cannot reach the
// block's side of the rendezvous, so `lockstep!` rejects its `swap!`.
// Correct: let the fn compute and return; call `swap!` in the block after it.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| {
            fn fill(buf: &mut u32) { *buf = 1; swap!(buf); } //~ ERROR inside a nested fn
            fill(buf);
        }
        right |buf = 0| { swap!(buf); }
    };
}
