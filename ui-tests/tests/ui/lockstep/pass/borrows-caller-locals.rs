// Both blocks borrow the caller's locals: `input` shared by both, `log`
// mutably by the left block alone. `lockstep!` runs the right block on a
// scoped thread that ends before the macro returns, so no `'static`, `Arc`
// or `move` is needed.
// The left block runs on the calling thread, so it may also use `!Send` locals.
use rendezvous_lockstep::lockstep;
use std::rc::Rc;

fn main() {
    let input = vec![3, 1, 4, 1, 5];
    let mut log = Vec::new();
    let here = Rc::new("left"); // `!Send`: fine in the left block
    // Each block computes one result, then they trade them.
    let (sum, max) = lockstep! {
        left |best = 0| {
            for &x in &input {
                *best = (*best).max(x);
                log.push(*here);
            }
            swap!(best);
            *best
        }
        right |total = 0| {
            *total = input.iter().sum();
            swap!(total);
            *total
        }
    };
    assert_eq!((sum, max), (14, 5));
    assert_eq!(log.len(), input.len());
}
