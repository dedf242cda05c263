// Tries to swap inside the arguments of another macro (`println!`).
// Macro arguments are tokens, not code, to `lockstep!`: it cannot replace a
// `swap!` there or count it, so it rejects it.
// Correct: swap first, then print: `swap!(buf); println!("{buf}");`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 1| { println!("{:?}", { swap!(buf); *buf }); } //~ ERROR inside the arguments of `println!`
        right |buf = 2| { swap!(buf); }
    };
}
