// Tries to return the buffer itself as the block's value.
// The buffer belongs to the pair, which lives only while the blocks run: a
// reference to it cannot leave its block.
// Correct: return an owned copy, `buf.clone()`, or a value computed from it.
use rendezvous_lockstep::lockstep;

fn main() {
    let (a, _) = lockstep! {
        left |buf = vec![1]| { swap!(buf); buf } //~ ERROR returns its buffer
        right |buf = vec![2]| { swap!(buf); }
    };
    drop(a);
}
