// Tries to keep the buffer `get_mut` returned and push to it after a swap.
// `get_mut` reaches the buffer this side owns now; the swap gives that buffer
// to the partner. Like `swap`, `get_mut` borrows the handle mutably, so the
// swap cannot start while `buf` is still in use (E0499).
// Correct: use the buffer `swap` returns, or call `get_mut` again after it.
fn main() {
    let (mut a, mut b) = rendezvous_lockstep::RendezvousData::new(vec![0], vec![0]);
    std::thread::spawn(move || while b.try_swap().is_ok() {}); // the partner
    let buf = a.get_mut();
    buf.push(1);
    a.swap(); //~ ERROR E0499
    buf.push(2);
}
