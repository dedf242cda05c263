// The helper of helper-returns-swapped-buffer.rs, for a borrowed handle.
// `RendezvousDataRef<'s, T>` has a lifetime of its own, `'s`, the borrow of
// its state; with two input lifetimes elision picks none, so the result's is
// written out. It is `'h`, the borrow of the handle, as in `swap`; `'s` stays
// `'_`, free to be longer. Rust accepts two calls in a row: each result
// borrows `mine` only until its last use.
use rendezvous_lockstep::{RendezvousDataRef, RendezvousDataState};
fn refill<'h>(h: &'h mut RendezvousDataRef<'_, Vec<u8>>) -> &'h mut Vec<u8> {
    let buf = h.swap();
    buf.clear();
    buf
}
fn main() {
    let mut state = RendezvousDataState::new(Vec::new(), Vec::new());
    let (mut mine, mut theirs) = state.split();
    std::thread::scope(|s| {
        let partner = s.spawn(move || {
            theirs.swap();
            theirs.swap().clone()
        });
        refill(&mut mine).push(1);
        refill(&mut mine).push(2);
        assert_eq!(partner.join().unwrap(), [1]);
    });
}
