// Tries to take the buffers out of a state while its handles still exist.
// `split` borrows the state mutably for as long as either handle lives, so
// `into_inner`, which consumes the state, moves it while it is borrowed
// (E0505): the handles would point into a moved-out state.
// Correct: drop both handles (end the `thread::scope`) before `into_inner`.
fn main() {
    let mut state = rendezvous_lockstep::RendezvousDataState::new(1, 2);
    let (mut left, _right) = state.split();
    let (a, b) = state.into_inner(); //~ ERROR E0505
    *left.get_mut() = 3;
    assert_eq!(a, b);
}
