// Exercise 5: keep the `Vec` a swap brought, without copying it.
// `received` must own the partner's `[1, 2, 3]`, and at the next swap the
// partner must get back an empty `Vec` (it checks the length: 0). It does
// not compile. Change it so that it compiles and runs to the end with both
// assertions as they are, then compare with the solution folded under
// exercise 5 in section 7 of ui-tests/README.md.
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(Vec::new(), vec![1, 2, 3]);
    let partner = std::thread::spawn(move || { theirs.swap(); theirs.swap().len() });
    let received: Vec<i32> = *mine.swap(); //~ ERROR E0507
    mine.swap();
    assert_eq!(received, [1, 2, 3]);
    assert_eq!(partner.join().unwrap(), 0);
}
