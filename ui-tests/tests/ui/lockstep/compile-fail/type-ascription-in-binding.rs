// Tries to give the buffer's type in the binding: `|buf: u64 = 0|`.
// Both blocks swap buffers of one type, so it is given once for the pair,
// first, in angle brackets.
// Correct: `lockstep! { <u64> left |buf = 0| { .. } right |buf = 0| { .. } }`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf: u64 = 0| { swap!(buf); } //~ ERROR the buffer type goes first
        right |buf = 0| { swap!(buf); }
    };
}
