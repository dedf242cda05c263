// Tries to swap inside a `match` arm whose pattern binds `buf`: in that arm
// `buf` is the matched value, not the block's buffer. `lockstep!` rejects the
// `swap!` and names the pattern that hides the buffer.
// Correct: bind the matched value under another name, as in `Some(x) => ..`.
use rendezvous_lockstep::lockstep;

fn main() {
    let input = Some(5);
    lockstep! {
        left |buf = 0| {
            match input {
                Some(buf) => { let _ = buf; swap!(buf); } //~ ERROR `buf` here is not the block's buffer
                None => swap!(buf),
            }
        }
        right |buf = 0| { swap!(buf); }
    };
}
