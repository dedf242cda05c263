// Tries to run a `lockstep!` with only a `left` block.
// A rendezvous needs two parties: `left` runs on the calling thread and
// `right` on a new one, in lockstep with it; without `right` there is no
// partner to swap with.
// Correct: add the partner, `right { ... }`, or run the code without `lockstep!`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); } //~ ERROR this `left` block has no partner
    };
}
