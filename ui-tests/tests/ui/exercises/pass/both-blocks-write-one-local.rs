// Exercise 3, solved: one block writes the caller's local, the other returns
// its lines. `lockstep!` evaluates to `(left_value, right_value)`, so the
// `right` block's lines reach the caller after both threads are done, in a
// fixed order.
use rendezvous_lockstep::lockstep;
fn main() {
    let mut log = Vec::new();
    let ((), got) = lockstep! {
        left |buf = 0| { for i in 1..=3 { *buf = i; log.push(format!("sent {i}")); swap!(buf); } }
        right |buf = 0| {
            let mut got = Vec::new();
            for _ in 1..=3 { swap!(buf); got.push(format!("got {buf}")); }
            got
        }
    };
    log.extend(got);
    assert_eq!(log, ["sent 1", "sent 2", "sent 3", "got 1", "got 2", "got 3"]);
}
