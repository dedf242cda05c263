// Tries to return, from a lockstep block, the `&mut` buffer `side.swap()` gave.
// The block borrows its `side` only for the call, and the side borrows the
// state that `run` drops before it returns; so the block's result cannot
// borrow from either (two "lifetime may not live long enough" errors).
// Correct: return an owned value: `*side.swap()` or `side.swap().clone()`.
fn main() {
    let (left, _) = rendezvous_lockstep::lockstep::run(
        1,
        2,
        |side| side.swap(), //~ ERROR lifetime may not live long enough
        |side| *side.swap(),
    );
    *left = 3;
}
