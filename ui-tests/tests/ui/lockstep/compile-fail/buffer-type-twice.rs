// Tries to give the buffer type twice: `<u32> <u32>`.
// The buffer type comes once, first; both blocks swap buffers of that type.
// Correct: `<u32>` once.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        <u32>
        <u32> //~ ERROR the buffer type is given once
        left |buf = 0| { swap!(buf); }
        right |buf = 0| { swap!(buf); }
    };
}
