// Exercise 4: `RefCell` buffers.
// The program means to push 1 to the `RefCell` buffer it holds, swap, and
// push 2 after the swap, trusting `RefCell` to check the borrow at run time;
// the partner checks that the buffer it received holds two items. It does
// not compile. Change it so that it compiles and runs to the end with the
// assertion as it is, then compare with the solution folded under
// exercise 4 in section 7 of ui-tests/README.md.
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
