// Tries to swap in a buffer's initializer.
// The initializers make the two first buffers before either block runs;
// there is no partner to meet yet. `swap!` belongs in block code.
// Correct: start with a plain value, and swap in the block.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = { swap!(); 1 }| { swap!(buf); } //~ ERROR only in the code of a block
        right |buf = 0| { swap!(buf); }
    };
}
