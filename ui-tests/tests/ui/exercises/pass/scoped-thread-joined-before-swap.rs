// Exercise 2, solved: the scope ends before the swap.
// `thread::scope` joins every thread it spawned before it returns, so after
// it nothing borrows the buffer, and `mine.swap()` hands it over whole.
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(vec![1, 2, 3, 4], Vec::new());
    let partner = std::thread::spawn(move || theirs.swap().clone());
    std::thread::scope(|s| {
        let (low, high) = mine.get_mut().split_at_mut(2);
        s.spawn(move || high.iter_mut().for_each(|x| *x *= 10));
        low.iter_mut().for_each(|x| *x *= 10);
    });
    mine.swap();
    assert_eq!(partner.join().unwrap(), [10, 20, 30, 40]);
}
