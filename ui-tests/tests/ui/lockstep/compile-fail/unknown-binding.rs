// Tries to swap `buffer` in a block whose binding is `buf`.
// `swap!(name)` rebinds the block's own buffer binding to the partner's old
// buffer; `buffer` names nothing the block could swap, and the error says which
// name it has.
// Correct: `swap!(buf)`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| { *buf = 1; swap!(buffer); } //~ ERROR this block's buffer is `buf`, not `buffer`
        right |buf = 0| { swap!(buf); }
    };
}
