// Swap counts that depend on run-time values (here an `if`) are not checked by
// the compiler; the runtime catches a mismatch instead: the block left waiting
// panics with both counts and the file:line of the user's `swap!` it waits at,
// and the caller of `lockstep!` gets that panic. This program checks both.
// Correct code swaps equally often in both blocks on every path.
use rendezvous_lockstep::lockstep;
use std::panic;

fn main() {
    panic::set_hook(Box::new(|_| {})); // keep the expected panic quiet
    let extra = std::env::args().count() > 0; // true, but only known at run time
    let payload = panic::catch_unwind(|| {
        lockstep! {
            left { swap!(); if extra { swap!(); } }
            right { swap!(); }
        }
    })
    .unwrap_err();
    let message = payload.downcast_ref::<String>().unwrap();
    // "after 1 swap": one swap, singular.
    assert!(message.contains("the right block returned after 1 swap, but"), "{message}");
    // The location is the left block's second `swap!`, not the macro's code.
    assert!(message.contains("swap-count-checked-at-run-time.rs:14:40"), "{message}");
}
