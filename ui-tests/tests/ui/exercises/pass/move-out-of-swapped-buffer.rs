// Exercise 5, solved: `mem::take` moves the received `Vec` out and leaves
// `Vec::new()` (no allocation) in the buffer, which the next swap hands to
// the partner: it receives an empty `Vec`. `mem::replace(buf, spare)` would
// give it a spare instead. The compiler's other way out, `mine.swap().clone()`,
// compiles but copies: the original stays in the buffer and goes back to the
// partner at the next swap, so the partner's length is 3, not 0.
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(Vec::new(), vec![1, 2, 3]);
    let partner = std::thread::spawn(move || { theirs.swap(); theirs.swap().len() });
    let received: Vec<i32> = std::mem::take(mine.swap());
    mine.swap();
    assert_eq!(received, [1, 2, 3]);
    assert_eq!(partner.join().unwrap(), 0);
}
