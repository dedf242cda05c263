// Tries to write through a buffer after dropping the handle it came from.
// Once both handles are dropped the pair's state, buffers included, is freed:
// the partner's `b` is gone when its thread is joined, so after `drop(a)`
// `buf` would dangle. `buf` borrows `a`, and `drop(a)` moves `a` while it
// is borrowed (E0505).
// Correct: finish with the buffer (or copy it out) before dropping the handle.
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(0, 0);
    let partner = std::thread::spawn(move || { b.swap(); });
    let buf = a.swap();
    drop(a); //~ ERROR E0505
    partner.join().unwrap();
    *buf = 1;
}
