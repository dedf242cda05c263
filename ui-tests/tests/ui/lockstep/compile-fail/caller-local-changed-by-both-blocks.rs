// Tries to push to one `Vec` of the caller's from both blocks.
// The blocks run at the same time on two threads, so each needs the `Vec`
// mutably for as long as it runs; two such borrows at once are what the
// borrow checker forbids (E0499), and so is the data race they would be.
// Correct: let one block own the work (`left` may change `v`, `right` only
// read it), or share a `Mutex<Vec<_>>`, or swap the values as buffers.
use rendezvous_lockstep::lockstep;

fn main() {
    let mut v = Vec::new();
    lockstep! {
        left { v.push(1); swap!(); }
        right { swap!(); v.push(2); } //~ ERROR E0499
    };
}
