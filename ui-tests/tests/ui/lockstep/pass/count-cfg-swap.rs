// A `#[cfg(..)]` on a `swap!` or on a statement that swaps: whether that code
// exists depends on the build configuration, which a macro cannot evaluate.
// `lockstep!` counts such code as unknown and leaves the check to the run
// time. Here `cfg(any())` is never set, so both blocks swap once, and the
// program compiles and runs.
use rendezvous_lockstep::lockstep;

fn main() {
    let (a, b) = lockstep! {
        left |n = 1| {
            swap!(n);
            #[cfg(any())]
            swap!(n);
            *n
        }
        right |n = 2| {
            #[cfg(any())]
            for _ in 0..3 { swap!(n); }
            #[cfg(not(any()))]
            { swap!(n); }
            *n
        }
    };
    assert_eq!((a, b), (2, 1));
}
