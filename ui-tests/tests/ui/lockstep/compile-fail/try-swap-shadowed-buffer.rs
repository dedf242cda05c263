// Tries to `try_swap!` a name that a `while let` pattern has rebound.
// `try_swap!(item)` trades the block's own buffer, which the pattern's
// `item` only hides: it would hand the partner the block's buffer and
// leave the pattern's `item` as it is. `lockstep!` rejects it and names the
// pattern that hides the buffer.
// Correct: give the pattern's binding another name.
use rendezvous_lockstep::lockstep;

fn main() {
    let mut queue = vec![1, 2, 3];
    lockstep! {
        left |item = 0| {
            while let Some(item) = queue.pop() {
                if !try_swap!(item) { break; } //~ ERROR `item` here is not the block's buffer
            }
        }
        right |item = 0| { swap!(item); }
    };
}
