// The helper of compile-fail/helper-returns-from-loop.rs, accepted.
// The loop keeps no borrow past its turn (`h.swap().is_empty()` ends with the
// statement), and the buffer returned is a fresh borrow from `get_mut`, made
// after the loop: the same buffer, with no borrow crossing a turn.
use rendezvous_lockstep::RendezvousData;
fn next_non_empty(h: &mut RendezvousData<Vec<u8>>) -> &mut Vec<u8> {
    loop {
        if !h.swap().is_empty() {
            break;
        }
    }
    h.get_mut()
}
fn main() {
    let (mut a, mut b) = RendezvousData::new(Vec::new(), Vec::new());
    let partner = std::thread::spawn(move || { b.swap(); b.get_mut().push(1); b.swap(); });
    assert_eq!(*next_non_empty(&mut a), [1]);
    partner.join().unwrap();
}
