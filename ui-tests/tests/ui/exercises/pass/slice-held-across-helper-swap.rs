// Exercise 1, solved: copy the slice out, then let the helper swap.
// `to_vec()` ends the borrow of the buffer, so `refill` may borrow `mine`;
// the partner gets the whole buffer, and `head` is this thread's own copy.
use rendezvous_lockstep::RendezvousData;
fn refill(h: &mut RendezvousData<Vec<u8>>) -> &mut Vec<u8> {
    let buf = h.swap();
    buf.clear();
    buf
}
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(vec![1, 2, 3], Vec::new());
    let partner = std::thread::spawn(move || theirs.swap().clone());
    let head = mine.get_mut()[..2].to_vec();
    refill(&mut mine).push(9);
    assert_eq!(head, [1, 2]);
    assert_eq!(partner.join().unwrap(), [1, 2, 3]);
}
