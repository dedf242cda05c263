// Tries to hold the buffers of two swaps at once, to copy one into the other.
// After the second swap, the first buffer belongs to the partner thread.
// Both results borrow the handle `a` mutably, and two mutable borrows of
// one handle cannot overlap (E0499).
// Correct: copy the value out first: `let x = *a.swap(); *a.swap() = x;`.
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(0, 0);
    std::thread::spawn(move || while b.try_swap().is_ok() {}); // the partner
    let first = a.swap();
    let second = a.swap(); //~ ERROR E0499
    *second = *first;
}
