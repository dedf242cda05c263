// Tries to collect references to each buffer in a `Vec` of the caller's.
// Each `swap!(buf)` hands the old buffer to the partner, so a reference to it
// must end at the `swap!`; one kept in `kept` would outlive the `left` block
// (E0521) and the `swap!` (E0499).
// Correct: push a copy, `kept.push(buf.clone())`.
use rendezvous_lockstep::lockstep;

fn main() {
    let mut kept: Vec<&Vec<u32>> = Vec::new();
    lockstep! {
        left |buf = vec![1]| { kept.push(buf); swap!(buf); } //~ ERROR E0521
        right |buf = vec![2]| { swap!(buf); }
    };
    drop(kept);
}
