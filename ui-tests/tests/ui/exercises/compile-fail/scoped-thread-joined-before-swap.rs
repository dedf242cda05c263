// Exercise 2: lend a buffer to a scoped thread, join, then swap.
// The program means to multiply both halves of `mine`'s buffer by 10, the
// high half on a scoped thread and the low half on this one, join that
// thread, and only then hand the buffer to the partner, which checks that
// it received [10, 20, 30, 40]. It does not compile.
// Change it so that it compiles and runs to the end with the assertion as
// it is, then compare with the solution folded under exercise 2 in
// section 7 of ui-tests/README.md.
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
