// Tries to swap another vector by rebinding the buffer's name first:
// `let mut buf = &mut other; swap!(buf);`. `swap!(buf)` trades the block's
// own buffer, which the `let` only hides: it would hand the partner the
// block's buffer and leave `other` where it is. `lockstep!` rejects the
// `swap!` and names the `let` that hides the buffer.
// Correct: fill the buffer itself (`buf.clone_from(&other)`), or give the
// other value another name.
use rendezvous_lockstep::lockstep;

fn main() {
    let mut other = vec![7];
    lockstep! {
        left |buf = vec![1]| {
            let buf = &mut other;
            swap!(buf); //~ ERROR `buf` here is not the block's buffer
        }
        right |buf = vec![2]| { swap!(buf); }
    };
}
