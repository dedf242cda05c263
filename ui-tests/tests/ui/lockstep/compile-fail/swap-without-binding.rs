// Tries `swap!()` in a block that binds a buffer.
// In the data form, every swap trades the block's buffer and must rebind its
// binding to the buffer the partner had, so `swap!` needs the binding's name;
// a bare `swap!()` is only for blocks without a buffer.
// Correct: `swap!(buf)`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| { *buf = 1; swap!(); } //~ ERROR write `swap!(buf)`
        right |buf = 0| { swap!(buf); }
    };
}
