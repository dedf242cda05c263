// Without `<T>`, the buffer type is inferred from the initializers; a block
// that never swaps binds its buffer without `mut`. Here the swap counts
// differ (one against none), so the expansion also carries the lint that
// reports it.
fn main() {
    let (a, b) = lockstep! {
        left |n = 1| { swap!(n); *n }
        right |n = 2| { *n }
    };
}
