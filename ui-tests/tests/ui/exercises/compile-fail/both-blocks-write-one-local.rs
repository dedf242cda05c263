// Exercise 3. Tries to let both `lockstep!` blocks push to the caller's `log`.
// The blocks run at once on two threads, and each needs `log` mutably for as
// long as it runs: two mutable borrows at once (E0499). Were it allowed,
// two threads would push to one `Vec` at once, and even done safely the
// order of the lines would change from run to run.
// Correct: let the `right` block collect its own lines and return them; the
// caller appends them (pass/both-blocks-write-one-local.rs).
use rendezvous_lockstep::lockstep;
fn main() {
    let mut log = Vec::new();
    lockstep! {
        left |buf = 0| { for i in 1..=3 { *buf = i; log.push(format!("sent {i}")); swap!(buf); } }
        right |buf = 0| { for _ in 1..=3 { swap!(buf); log.push(format!("got {buf}")); } } //~ ERROR E0499
    };
    assert_eq!(log.len(), 6);
}
