// Exercise 1: a helper that swaps while a slice is held.
// The program means to keep the first two bytes of `mine`'s buffer, let
// `refill` (the helper of lesson 3.1) swap and push 9, and check that the
// partner received the whole buffer, [1, 2, 3]. It does not compile.
// Change it so that it compiles and runs to the end with both assertions
// as they are, then compare with the solution folded under exercise 1 in
// section 7 of ui-tests/README.md.
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
