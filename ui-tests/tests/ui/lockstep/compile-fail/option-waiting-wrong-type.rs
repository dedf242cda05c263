// Gives `waiting` a number of spins instead of a waiting strategy.
// `waiting` takes a `rendezvous_lockstep::Waiting`: `Waiting::Spin` spins
// for the lowest latency, `Waiting::default()` spins briefly, yields, then
// sleeps. The error is on the value.
// Correct: `left(waiting = Waiting::Spin)`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left(waiting = 100) { swap!(); } //~ ERROR mismatched types
        right { swap!(); }
    };
}
