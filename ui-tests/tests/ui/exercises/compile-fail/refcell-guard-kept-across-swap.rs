// Exercise 4. Tries to keep a `RefMut` into a `RefCell` buffer across a swap,
// trusting `RefCell` to check the borrow at run time. It could not: the
// `RefCell` goes to the other thread, and its borrow flag is a plain counter
// that two threads would race on. The guard borrows the buffer `get_mut`
// lent, so it borrows `mine`, and the swap is a second mutable borrow of
// `mine` (E0499): the static check fires before the dynamic one could.
// Correct: end the guard before the swap (pass/refcell-guard-kept-across-swap.rs).
use rendezvous_lockstep::RendezvousData;
use std::cell::RefCell;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(RefCell::new(vec![0]), RefCell::new(vec![]));
    let partner = std::thread::spawn(move || { let n = theirs.swap().borrow().len(); n });
    let mut items = mine.get_mut().borrow_mut();
    items.push(1);
    mine.swap(); //~ ERROR E0499
    items.push(2);
    drop(items);
    assert_eq!(partner.join().unwrap(), 2);
}
