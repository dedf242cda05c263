// Tries to keep a borrow of the buffer across `swap!` and read it after.
// `swap!(buf)` hands the old buffer to the other thread, which may write it at
// once; the borrow checker rejects using `old` after the swap (E0499), which is
// what keeps the two threads off one buffer without any run-time check.
// Correct: copy what you need out before the swap: `let old = buf.len();`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = vec![1]| { let old = &*buf; swap!(buf); old.len() } //~ ERROR E0499
        right |buf = vec![2]| { swap!(buf); buf.len() }
    };
}
