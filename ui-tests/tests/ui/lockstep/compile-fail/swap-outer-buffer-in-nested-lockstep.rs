// Tries to swap the outer pair's buffer from a block of an inner `lockstep!`.
// The inner blocks meet only each other: their `swap!`s pair with the inner
// partner and trade the inner buffer `n`. The outer `frame` belongs to the
// outer pair, whose partner waits at its own `swap!(frame)`.
// Correct: chain the pairs. Let the inner `lockstep!` return what it made,
// copy that into `frame`, and `swap!(frame)` in the outer block after it:
// `let (a, b) = lockstep! { .. }; frame.push(a + b); swap!(frame);`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |frame = Vec::new()| {
            lockstep! {
                left |n = 1| { frame.push(*n); swap!(frame); } //~ ERROR an inner `lockstep!` cannot swap the outer pair
                right |n = 2| { swap!(n); }
            };
            swap!(frame);
        }
        right |frame = Vec::new()| { swap!(frame); }
    };
}
