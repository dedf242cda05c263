//! `sync_threads`, written with `lockstep!`: two workers keep in step.
//!
//! Every `swap!()` is a meeting point, so neither block starts phase `n + 1`
//! before the other has finished phase `n`: the lines come out in pairs,
//! `phase 1` twice, then `phase 2` twice, and so on.

use rendezvous_lockstep::lockstep;

const PHASES: u32 = 4;

fn main() {
    let (loaded, checked) = lockstep! {
        left {
            for phase in 1..=PHASES {
                println!("loader: phase {phase}");
                swap!();
            }
            PHASES
        }
        right {
            for phase in 1..=PHASES {
                println!("checker: phase {phase}");
                swap!();
            }
            PHASES
        }
    };
    println!("both workers went through {loaded} and {checked} phases side by side");
}
