// Tries to write two `left` blocks.
// `lockstep!` runs one `left` block (on the calling thread) and one `right`
// block (on a new thread); a second `left` has no thread to run on, so the
// macro names the fix: rename it `right`.
// Correct: `left { ... } right { ... }`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        left { swap!(); } //~ ERROR a second `left` block
    };
}
