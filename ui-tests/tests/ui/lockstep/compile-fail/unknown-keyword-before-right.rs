// Tries to put a block named `middle` between `left` and `right`.
// `lockstep!` runs exactly two blocks; the unknown name is the one mistake,
// so it gets the one error, and the valid `right` block after it none.
// Correct: merge the code of `middle` into `left` or `right`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        middle { swap!(); } //~ ERROR unknown block `middle`
        right { swap!(); }
    };
}
