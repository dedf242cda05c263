// Exercise 2. Tries to lend half the buffer to a scoped thread, join it, and
// swap inside the same scope. Joining does end the thread, but the borrow
// checker does not read `join`: `Scope::spawn` takes a closure that may live
// for all of `'scope`, so what it captures (`high`, a piece of the buffer
// `mine` lent) stays borrowed until the scope ends, and the swap is a second
// mutable borrow of `mine` (E0499).
// Correct: swap after `thread::scope` returns: the end of the scope is the
// join the compiler sees (pass/scoped-thread-joined-before-swap.rs).
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(vec![1, 2, 3, 4], Vec::new());
    let partner = std::thread::spawn(move || theirs.swap().clone());
    std::thread::scope(|s| {
        let (low, high) = mine.get_mut().split_at_mut(2);
        let t = s.spawn(move || high.iter_mut().for_each(|x| *x *= 10));
        low.iter_mut().for_each(|x| *x *= 10);
        t.join().unwrap();
        mine.swap(); //~ ERROR E0499
    });
    assert_eq!(partner.join().unwrap(), [10, 20, 30, 40]);
}
