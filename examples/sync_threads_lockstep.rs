//! `sync_threads`, written with `lockstep!`: two blocks print in turn.
//!
//! Prints `1 1 2 2 3 3 4 4`, one number a line: every `swap!()` is a meeting
//! point, so neither block can run ahead of the other.

use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left {
            for i in 1..5 {
                println!("{i}");
                swap!();
            }
        }
        right {
            for i in 1..5 {
                println!("{i}");
                swap!();
            }
        }
    };
}
