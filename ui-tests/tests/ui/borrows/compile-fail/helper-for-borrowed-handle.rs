// Tries to write the helper of pass/helper-with-two-lifetimes.rs with no
// lifetime on its result. Elision gives a result the lifetime of the input
// only when there is one input lifetime (or a `&self`); here there are two,
// the borrow of the handle and the handle's own `'_`, so the compiler asks
// which one (E0106). Its suggestion, one `'a` for both, compiles here but
// over-constrains the callers: see helper-same-lifetime-twice.rs.
// Correct: name the borrow of the handle: `fn refill<'h>(h: &'h mut
// RendezvousDataRef<'_, Vec<u8>>) -> &'h mut Vec<u8>`.
use rendezvous_lockstep::RendezvousDataRef;
fn refill(h: &mut RendezvousDataRef<'_, Vec<u8>>) -> &mut Vec<u8> { //~ ERROR E0106
    let buf = h.swap();
    buf.clear();
    buf
}
fn main() {}
