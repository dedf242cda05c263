// Tries to swap through a shared reference to a handle.
// Two `&` references to one handle could swap from two places at once and
// each get `&mut` to one buffer; so `swap` takes `&mut self`, and a `&`
// reference cannot lend it (E0596).
// Correct: take `data: &mut RendezvousData<u32>` and pass `&mut a` (made
// with `let (mut a, mut b)`).
use rendezvous_lockstep::RendezvousData;
fn step(data: &RendezvousData<u32>) {
    *data.swap() += 1; //~ ERROR E0596
}
fn main() {
    let (a, mut b) = RendezvousData::new(0, 0);
    std::thread::spawn(move || while b.try_swap().is_ok() {}); // the partner
    step(&a);
}
