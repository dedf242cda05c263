// Two threads trade `i32` buffers: each writes into the buffer its first swap
// returned; the second swap brings back what the partner wrote.
// Rust accepts it: each `borrow` is last used before the next swap, and the
// shadowing `let` starts a fresh one. Write swaps this way: use the buffer,
// then swap.
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(0, 0);
    let handle = std::thread::spawn(move || {
        let borrow = theirs.swap();
        *borrow = 3;
        let borrow = theirs.swap();
        assert_eq!(7, *borrow);
    });
    let borrow = mine.swap();
    *borrow = 7;
    let borrow = mine.swap();
    assert_eq!(3, *borrow);
    handle.join().unwrap();
}
