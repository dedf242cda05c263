// Tries to return a pair of handles split from a local state.
// The handles borrow `state`, which is dropped when `pair` returns, so they
// would point into a freed stack frame (E0515).
// Correct: let the caller own the state and split it there, or use
// `Rendezvous::new()`, whose handles own their state.
use rendezvous_lockstep::{RendezvousRef, RendezvousState};
fn pair() -> (RendezvousRef<'static>, RendezvousRef<'static>) {
    let mut state = RendezvousState::new();
    state.split() //~ ERROR E0515
}
fn main() {
    let _ = pair();
}
