// Tries to add a third block after `left` and `right`.
// A rendezvous is for exactly two threads, so `lockstep!` runs exactly two
// blocks; it rejects the third rather than ignore it.
// Correct: merge the third block's work into `left` or `right`, or chain two
// `lockstep!`s.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        right { swap!(); }
        right { swap!(); } //~ ERROR a third block
    };
}
