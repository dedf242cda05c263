// Tries to give only the `left` block a buffer.
// Every swap trades one buffer for another, so both blocks own one: either
// both blocks bind a buffer (data form) or neither does (barrier form).
// Correct: `right |buf = 0| { swap!(buf); }`, or drop `|buf = 0|` and use `swap!()`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| { *buf = 1; swap!(buf); }
        right { swap!(); } //~ ERROR so this block needs one too
    };
}
