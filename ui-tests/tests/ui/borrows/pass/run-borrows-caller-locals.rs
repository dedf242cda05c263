// Both lockstep blocks borrow `main`'s locals; the left one even mutably.
// Rust accepts it: `run` joins the right block's thread before it returns,
// as `thread::scope` does, so the borrows need not be `'static`; the right
// block only reads `input`, which is `Sync`.
// Use `run` (or `lockstep!`) when both sides need the caller's data.
fn main() {
    let input = [1, 2, 3];
    let mut sent = Vec::new();
    let (_, received) = rendezvous_lockstep::lockstep::run(0, 0, |side| {
        for &x in &input {
            *side.get_mut() = x;
            sent.push(x);
            side.swap();
        }
    }, |side| input.iter().map(|_| *side.swap()).collect::<Vec<_>>());
    assert_eq!(sent, received);
}
