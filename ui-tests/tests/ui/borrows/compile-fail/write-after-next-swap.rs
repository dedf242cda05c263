// Tries to write through the buffer one swap returned after the next swap.
// That next swap handed the buffer to the partner thread, so the write would
// race with it. `swap(&mut self) -> &mut T` keeps the handle `a` mutably
// borrowed for as long as `old` is used, so the second swap is a second
// mutable borrow of `a` (E0499).
// Correct: finish with each buffer before the next swap: `*old = 1;` first.
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(0, 0);
    std::thread::spawn(move || while b.try_swap().is_ok() {}); // the partner
    let old = a.swap();
    a.swap(); //~ ERROR E0499
    *old = 1;
}
