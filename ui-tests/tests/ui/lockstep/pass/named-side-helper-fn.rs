// Swaps from a helper function and a closure. `as side` names the block's
// side: `side` is a `&mut lockstep::Side<'_, T>`, the same value that
// `lockstep::run` passes, so one helper serves both blocks, and the helper
// swaps with `side.swap()` (or `side.try_swap()`), which `swap!` cannot do
// there. `swap!(buf)` still works in the block itself; after a helper used
// the side, read the buffer again with `buf = side.get_mut();`.
// A block that names its side is counted at run time only.
use rendezvous_lockstep::lockstep;
use rendezvous_lockstep::lockstep::Side;

/// Sends each value in turn, whichever block calls it.
fn send_all(side: &mut Side<'_, u32>, values: &[u32]) {
    for &value in values {
        *side.get_mut() = value;
        side.swap();
    }
}

fn main() {
    let (sum, got) = lockstep! {
        <u32>
        left |n = 0| as side {
            send_all(side, &[1, 2, 3]);
            n = side.get_mut(); // the helper swapped: read the buffer again
            *n = 10;
            swap!(n);
            *n // what the right block sent last
        }
        right |n = 0| as side {
            let receive = |side: &mut Side<'_, u32>| *side.swap();
            let got: Vec<u32> = (0..3).map(|_| receive(side)).collect();
            *side.get_mut() = got.iter().sum();
            swap!(n);
            (got, *n)
        }
    };
    assert_eq!(sum, 6);
    assert_eq!(got, (vec![1, 2, 3], 10));
}
