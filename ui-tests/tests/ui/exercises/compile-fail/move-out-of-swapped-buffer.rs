// Exercise 5. Tries to keep the `Vec` a swap brought by moving it out of the
// `&mut Vec` that `swap` returned. The handle must own a buffer at every
// moment, to hand it over at the next swap; moving it out through a `&mut`
// would leave the handle with none (E0507).
// Correct: move it out and leave an empty `Vec` in its place:
// `std::mem::take(mine.swap())` (pass/move-out-of-swapped-buffer.rs).
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(Vec::new(), vec![1, 2, 3]);
    let partner = std::thread::spawn(move || { theirs.swap(); theirs.swap().len() });
    let received: Vec<i32> = *mine.swap(); //~ ERROR E0507
    mine.swap();
    assert_eq!(received, [1, 2, 3]);
    assert_eq!(partner.join().unwrap(), 0);
}
