// Tries the compiler's fix for helper-for-borrowed-handle.rs: one `'a` for
// the borrow of the handle and the handle's own lifetime. `&'a mut T` is
// invariant in `T`, so `'a` cannot shrink to one call: it must be the whole
// lifetime `mine` has, and the first call borrows `mine` mutably until it is
// gone. The second call is a second mutable borrow (E0499), and dropping
// `mine` at the end of `main` is a use while borrowed (E0597).
// Correct: give the two lifetimes two names, `&'h mut RendezvousDataRef<'_,
// Vec<u8>>`, as in pass/helper-with-two-lifetimes.rs.
use rendezvous_lockstep::{RendezvousDataRef, RendezvousDataState};
fn refill<'a>(h: &'a mut RendezvousDataRef<'a, Vec<u8>>) -> &'a mut Vec<u8> {
    let buf = h.swap();
    buf.clear();
    buf
}
fn main() {
    let mut state = RendezvousDataState::new(Vec::new(), Vec::new());
    let (mut mine, mut theirs) = state.split();
    std::thread::scope(|s| {
        s.spawn(move || { theirs.swap(); theirs.swap(); });
        refill(&mut mine).push(1);
        refill(&mut mine).push(2); //~ ERROR E0499
    });
}
