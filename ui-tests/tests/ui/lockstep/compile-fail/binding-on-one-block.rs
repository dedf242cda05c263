// Tries to give only the `left` block a buffer.
// Every swap trades one buffer for another, so both blocks own one: in the
// data form each block binds a buffer or names its side (its buffer then
// starts as the type's default); in the barrier form neither binds one.
// Correct: `right |buf = 0| { swap!(buf); }`, or `right as side { side.swap(); }`,
// or drop `|buf = 0|` and use `swap!()`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| { *buf = 1; swap!(buf); }
        right { swap!(); } //~ ERROR so this block needs one too
    };
}
