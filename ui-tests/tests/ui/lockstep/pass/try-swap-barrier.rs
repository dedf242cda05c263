// The barrier form ends too: `try_swap!()` is a pure rendezvous that is
// `false` once the partner block has returned, so one block can keep meeting
// its partner for as long as the partner goes on.
use rendezvous_lockstep::lockstep;

fn main() {
    let (ticks, rounds) = lockstep! {
        left {
            let mut ticks = 0;
            while try_swap!() {
                ticks += 1;
            }
            ticks
        }
        right {
            for _ in 0..5 {
                swap!();
            }
            5
        }
    };
    assert_eq!(ticks, rounds);
}
