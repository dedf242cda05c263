// Tries to split a state again while the first pair's handles live.
// The second split would reset the protocol under the first pair and make
// four handles to the same two buffers. `split` takes `&mut self`, and the
// first pair still holds that borrow (E0499).
// Correct: let both handles of the first pair go before splitting again.
fn main() {
    let mut state = rendezvous_lockstep::RendezvousState::new();
    let (left, _right) = state.split();
    let (_again, _other) = state.split(); //~ ERROR E0499
    assert!(left.would_block());
}
