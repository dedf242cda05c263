// Follows each buffer by its address through two swaps.
// `new(a, b)`: the first handle starts with `a`, the second with `b`. Swap 1
// gives the first handle `b` and the second `a`; swap 2 gives them back. Only
// ownership moves: the same two `Vec`s, at the same addresses, take turns.
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (a, b) = (vec![0_u8], vec![1_u8]);
    let (pa, pb) = (a.as_ptr() as usize, b.as_ptr() as usize);
    let (mut first, mut second) = RendezvousData::new(a, b);
    let partner = std::thread::spawn(move || {
        let start = second.get_mut().as_ptr() as usize;
        let after_1 = second.swap().as_ptr() as usize;
        let after_2 = second.swap().as_ptr() as usize;
        (start, after_1, after_2)
    });
    assert_eq!(first.get_mut().as_ptr() as usize, pa);
    assert_eq!(first.swap().as_ptr() as usize, pb);
    assert_eq!(first.swap().as_ptr() as usize, pa);
    assert_eq!(partner.join().unwrap(), (pb, pa, pb));
}
