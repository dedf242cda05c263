// The code `lockstep!` writes is warning-free, even under `deny(warnings)`:
// a last `swap!` whose new buffer is never read (no `unused_assignments`), a
// binding never swapped (no `unused_mut`), a block without swaps (no unused
// side), a rounds pattern one block ignores (no `unused_variables`), a nested
// `lockstep!`, and `swap!` named by its full path; `try_swap!` whose
// rebound buffer is never read, a named side whose buffer is never rebound
// (no `unused_mut`) or never used, and options.
#![deny(warnings)]

use rendezvous_lockstep::lockstep;

fn main() {
    let (a, b) = lockstep! {
        left |buf = 1_u8| { *buf += 1; swap!(buf); }
        right |buf = 5_u8| { *buf += 1; rendezvous_lockstep::swap!(buf) }
    };
    assert_eq!((a, b), ((), ()));

    let (a, b) = lockstep! {
        left |buf = 1_u8| { *buf }
        right |buf = 2_u8| { *buf }
    };
    assert_eq!((a, b), (1, 2));

    let (a, b) = lockstep! {
        left { 1 }
        right { 2 }
    };
    assert_eq!((a, b), (1, 2));

    let mut seen = 0;
    lockstep! {
        for i in 0..3;
        left { seen += i; }
        right {}
    };
    assert_eq!(seen, 3);

    let ((inner, _), ()) = lockstep! {
        left {
            let inner = lockstep! {
                left |n = 1| { swap!(n); *n }
                right |n = 2| { swap!(n); *n }
            };
            swap!();
            inner
        }
        right { swap!(); }
    };
    assert_eq!(inner, 2);

    let (a, b) = lockstep! {
        left |buf = 1_u8| { while rendezvous_lockstep::try_swap!(buf) {} }
        right |buf = 2_u8| { if try_swap!(buf) { 1 } else { 0 } }
    };
    assert_eq!(a, ());
    assert!(b <= 1);

    let (a, b) = lockstep! {
        left(waiting = rendezvous_lockstep::Waiting::Spin) |buf = 1_u8| as side { *buf }
        right(name = "r") |buf = 2_u8| as side { *buf + side.swaps() as u8 }
    };
    assert_eq!((a, b), (1, 2));

    let ((), ()) = lockstep! {
        left as side { side.swap(); }
        right { swap!(); }
    };
}
