// One `buf` variable holds the current buffer, and each swap replaces it.
// Rust accepts `buf = a.swap()`: the old value of `buf` is never read again,
// so its borrow of `a` is over before the swap borrows `a` anew.
// This is the shape of a producer loop: fill `buf`, then `buf = a.swap()`.
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(Vec::new(), Vec::new());
    let consumer = std::thread::spawn(move || {
        (0..3).map(|_| b.swap().clone()).collect::<Vec<_>>()
    });
    let mut buf = a.get_mut();
    for step in 1..=3 {
        buf.clear();
        buf.push(step);
        buf = a.swap();
    }
    assert_eq!(consumer.join().unwrap(), [vec![1], vec![2], vec![3]]);
}
