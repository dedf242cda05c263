// Tries to reach both buffers through the state while its handles live.
// `RendezvousDataState::get_mut` lends `&mut` to both buffers, which the
// handles own in turn: the two would alias. It takes `&mut self`, which the
// handles from `split` still borrow (E0499).
// Correct: use `get_mut` before `split` or after the handles are gone.
fn main() {
    let mut state = rendezvous_lockstep::RendezvousDataState::new(1, 2);
    let (mut left, _right) = state.split();
    let (a, _b) = state.get_mut(); //~ ERROR E0499
    *left.get_mut() = 3;
    *a = 4;
}
