// Exercise 4, solved: the `RefMut` lives in a block that ends before the swap.
// `RefCell<T>` is `Send` (not `Sync`), and each buffer is used by one thread
// at a time, so `RefCell` buffers are fine; its run-time check then only
// guards the borrows within one thread, as it does everywhere else.
use rendezvous_lockstep::RendezvousData;
use std::cell::RefCell;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(RefCell::new(vec![0]), RefCell::new(vec![]));
    let partner = std::thread::spawn(move || { let n = theirs.swap().borrow().len(); n });
    {
        let mut items = mine.get_mut().borrow_mut();
        items.push(1);
    }
    mine.swap().borrow_mut().push(2);
    assert_eq!(partner.join().unwrap(), 2);
    assert_eq!(*mine.get_mut().borrow(), [2]);
}
