// Tries to lend the buffer to a scoped thread, then swap while it may run.
// A scoped thread may run until its scope ends, so what it captures stays
// borrowed until then: `buf` keeps `a` mutably borrowed, and the swap that
// would hand `buf` to the partner is a second mutable borrow (E0499).
// Correct: swap after the scope ends, or move the handle into the thread.
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(0, 0);
    std::thread::spawn(move || while b.try_swap().is_ok() {}); // the partner
    std::thread::scope(|s| {
        let buf = a.swap();
        s.spawn(move || *buf += 1);
        a.swap(); //~ ERROR E0499
    });
}
