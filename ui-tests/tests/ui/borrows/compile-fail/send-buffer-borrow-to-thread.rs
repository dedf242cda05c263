// Tries to send the `&mut` buffer from a swap to a spawned thread.
// `thread::spawn` needs a `'static` closure, but `buf` borrows the local
// handle `a` (E0597). Were it allowed, the next `a.swap()` could hand the
// buffer to the partner while the spawned thread still writes to it.
// Correct: move the handle itself into the thread, or see the scoped case.
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(0, 0);
    std::thread::spawn(move || while b.try_swap().is_ok() {}); // the partner
    let buf = a.swap(); //~ ERROR E0597
    std::thread::spawn(move || *buf = 1);
}
