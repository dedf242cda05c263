// Exercise 1. Tries to keep a slice of the current buffer while a helper swaps.
// `head` borrows the buffer `get_mut` lent, so it borrows `mine`; `refill`
// needs `&mut mine` to swap, which would hand that buffer, `head` and all, to
// the partner thread. A helper call is no way around the rule: its signature
// says it borrows `mine` mutably, and that is all the caller's check needs
// (E0499).
// Correct: copy the slice out before the call (pass/slice-held-across-helper-swap.rs).
use rendezvous_lockstep::RendezvousData;
fn refill(h: &mut RendezvousData<Vec<u8>>) -> &mut Vec<u8> {
    let buf = h.swap();
    buf.clear();
    buf
}
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(vec![1, 2, 3], Vec::new());
    let partner = std::thread::spawn(move || theirs.swap().clone());
    let head = &mine.get_mut()[..2];
    refill(&mut mine).push(9); //~ ERROR E0499
    assert_eq!(head, [1, 2]);
    assert_eq!(partner.join().unwrap(), [1, 2, 3]);
}
