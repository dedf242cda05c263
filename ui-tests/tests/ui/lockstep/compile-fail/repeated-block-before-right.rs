// Tries to write two `left` blocks before the `right` one.
// The second `left` is the one mistake; the `right` block after it is fine,
// so `lockstep!` reports the repeated name only.
// Correct: `left { ... } right { ... }`, merging the two `left` blocks.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        left { swap!(); } //~ ERROR a second `left` block
        right { swap!(); }
    };
}
