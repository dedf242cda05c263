// Tries a helper that swaps until a non-empty buffer arrives, and returns it.
// The program is sound, yet rejected (E0499): a borrow returned on one path
// out of a loop must last for `'1`, the caller's borrow of the handle, and
// today's borrow checker then holds it on every path, so the next turn's
// swap conflicts with it. This is the limit the Nomicon shows in "Limits of
// Lifetimes"; the next borrow checker (Polonius) accepts the program.
// Correct: swap in the loop without keeping the result, then return a fresh
// borrow: `loop { if !h.swap().is_empty() { break; } } h.get_mut()`
// (pass/helper-swaps-until-non-empty.rs).
use rendezvous_lockstep::RendezvousData;
fn next_non_empty(h: &mut RendezvousData<Vec<u8>>) -> &mut Vec<u8> {
    loop {
        let buf = h.swap(); //~ ERROR E0499
        if !buf.is_empty() {
            return buf;
        }
    }
}
fn main() {
    let (mut a, mut b) = RendezvousData::new(Vec::new(), Vec::new());
    std::thread::spawn(move || { b.swap(); b.get_mut().push(1); b.swap(); });
    assert_eq!(*next_non_empty(&mut a), [1]);
}
