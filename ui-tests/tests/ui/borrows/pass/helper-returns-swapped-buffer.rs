// A helper swaps and hands the caller the buffer it got back.
// Rust accepts it with no lifetime written: the only input lifetime is that
// of `&mut RendezvousData<..>` (the owned handle has none of its own), so
// elision gives the result that lifetime: `fn refill<'h>(h: &'h mut
// RendezvousData<Vec<u8>>) -> &'h mut Vec<u8>`, the shape of `swap` itself.
// Each returned buffer borrows `mine` until its last use, before the next call.
use rendezvous_lockstep::RendezvousData;
fn refill(h: &mut RendezvousData<Vec<u8>>) -> &mut Vec<u8> {
    let buf = h.swap();
    buf.clear();
    buf
}
fn main() {
    let (mut mine, mut theirs) = RendezvousData::new(Vec::new(), Vec::new());
    let partner = std::thread::spawn(move || {
        theirs.swap();
        theirs.swap().clone()
    });
    refill(&mut mine).push(1);
    refill(&mut mine).push(2);
    assert_eq!(partner.join().unwrap(), [1]);
}
