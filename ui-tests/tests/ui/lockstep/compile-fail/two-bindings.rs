// Tries to give a block two buffers: `|x = 0, y = 0|`.
// A pair swaps one buffer per side; two values travel together as one buffer
// of a tuple or struct type.
// Correct: `|buf = (0, 0)|`, then `buf.0` and `buf.1`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |x = 0, y = 0| { swap!(x); } //~ ERROR one buffer per block
        right |x = 0| { swap!(x); }
    };
}
