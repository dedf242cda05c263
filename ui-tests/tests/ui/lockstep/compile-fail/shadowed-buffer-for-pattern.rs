// Tries to swap inside a `for buf in ..` loop, whose pattern rebinds `buf`.
// In the loop body `buf` is the item, not the block's buffer, so
// `swap!(buf)` could not mean what it says; `lockstep!` rejects it and names
// the pattern that hides the buffer.
// Correct: name the item differently, as in `for item in ..`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| {
            for buf in [1, 2] {
                swap!(buf); //~ ERROR `buf` here is not the block's buffer
            }
        }
        right |buf = 0| { swap!(buf); swap!(buf); }
    };
}
