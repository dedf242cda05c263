// Splits one state twice, one pair after the other.
// Rust accepts it: the first pair's handles drop at the end of their scope,
// which ends their borrow of `state`, so the second `split` may borrow it
// again. Each split starts a fresh pair over the buffers as they were left.
// Scope each pair so that it is gone before the next `split`.
fn main() {
    let mut state = rendezvous_lockstep::RendezvousDataState::new(1, 2);
    for _ in 0..2 {
        std::thread::scope(|s| {
            let (mut left, mut right) = state.split();
            s.spawn(move || { right.swap(); });
            *left.swap() *= 10;
        });
    }
    assert_eq!(state.into_inner(), (1, 200));
}
