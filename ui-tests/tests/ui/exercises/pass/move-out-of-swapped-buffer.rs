// Exercise 5, solved: `mem::take` moves the received `Vec` out and leaves
// `Vec::new()` (no allocation) in the buffer, which the next swap hands to
// the partner: it receives an empty `Vec`. `mem::replace(buf, spare)` would
// give it a spare instead, and `buf.clone()` copies and keeps the original.
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(Vec::new(), vec![1, 2, 3]);
    let partner = std::thread::spawn(move || { theirs.swap(); theirs.swap().len() });
    let received: Vec<i32> = std::mem::take(mine.swap());
    mine.swap();
    assert_eq!(received, [1, 2, 3]);
    assert_eq!(partner.join().unwrap(), 0);
}
