// A `#[cfg]` on a `swap!` stays on the swap point that replaces it.
fn main() {
    lockstep! {
        left |n = 1| {
            swap!(n);
            #[cfg(feature = "extra")]
            swap!(n);
        }
        right |n = 2| { swap!(n); }
    };
}
