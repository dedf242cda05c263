// Tries to name a block `producer` instead of `left`.
// The block's keyword says which thread runs it (`left`: the calling thread,
// `right`: a new one), so `lockstep!` accepts only those two names.
// Correct: `left { ... } right { ... }`; name the roles in comments or in the
// bodies' function names.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        producer { swap!(); } //~ ERROR unknown block `producer`
        right { swap!(); }
    };
}
