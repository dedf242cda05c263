//! More threads than cores: parking sides still make progress.
#![cfg(not(rendezvous_loom))]

mod common;

use common::scaled;
use rendezvous_lockstep::RendezvousData;
use std::thread;
use std::time::Duration;

/// Runs `pairs` pairs at once, each exchanging `rounds` values, and checks
/// every value.
fn run_pairs(pairs: u64, rounds: u64) {
    let threads: Vec<_> = (0..pairs)
        .flat_map(|_| {
            let (mut left, mut right) = RendezvousData::new(0_u64, 0);
            [
                thread::spawn(move || {
                    for i in 0..rounds {
                        let got = left.swap();
                        assert_eq!(*got, i);
                        *got = i + 1;
                    }
                }),
                thread::spawn(move || {
                    for i in 0..rounds {
                        let got = right.swap();
                        assert_eq!(*got, i);
                        *got = i + 1;
                    }
                }),
            ]
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn three_pairs_on_two_cores_finish_100_000_swaps_each() {
    run_pairs(3, scaled(100_000));
}

#[test]
fn a_slow_partner_is_waited_for_by_parking() {
    let rounds = if cfg!(miri) { 3 } else { 20 };
    let (mut fast, mut slow) = RendezvousData::new(0_u32, 0);
    let t = thread::spawn(move || {
        for i in 0..rounds {
            thread::sleep(Duration::from_millis(2));
            *slow.swap() = i;
        }
    });
    for i in 0..rounds {
        let got = *fast.swap();
        // Slow writes `i` after its swap `i`; fast receives it at swap `i + 1`.
        assert_eq!(got, i.saturating_sub(1));
    }
    t.join().unwrap();
}
