// Exercise 3: two `lockstep!` blocks write one caller local.
// The program means to log, in the caller's `log`, each value the left
// block sends and each value the right block receives: six lines in all.
// It does not compile. Change it so that it compiles and runs to the end,
// with six lines in `log`, in an order that is the same on every run; then
// compare with the solution folded under exercise 3 in section 7 of
// ui-tests/README.md.
use rendezvous_lockstep::lockstep;
fn main() {
    let mut log = Vec::new();
    lockstep! {
        left |buf = 0| { for i in 1..=3 { *buf = i; log.push(format!("sent {i}")); swap!(buf); } }
        right |buf = 0| { for _ in 1..=3 { swap!(buf); log.push(format!("got {buf}")); } } //~ ERROR E0499
    };
    assert_eq!(log.len(), 6);
}
