// Splits a state on the stack and runs one handle on a scoped thread.
// Rust accepts it: `thread::scope` joins the thread before it returns, so
// the handles' borrow of `state` ends inside `main`, and `into_inner` after
// the scope moves a state nobody borrows. This is the pattern without an
// allocator: state on the stack, split inside a scope.
use rendezvous_lockstep::RendezvousDataState;
fn main() {
    let mut state = RendezvousDataState::new(0_u32, 0);
    std::thread::scope(|s| {
        let (mut left, mut right) = state.split();
        s.spawn(move || *right.swap() += 1);
        *left.get_mut() = 41;
        left.swap();
    });
    assert_eq!(state.into_inner(), (42, 0));
}
