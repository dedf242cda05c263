//! Beyond one idle pair: more threads than cores, and a slow partner.

use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use crate::{Sides, per_round, thread_cpu_time};

/// Runs `pairs` pairs at once, each for `rounds` rounds, and returns the
/// wall-clock nanoseconds per round of one pair: with 3 pairs on 2 cores,
/// how long each of the 3 lockstep loops takes per round while they all
/// compete for the cores.
pub fn oversubscribed(sides: fn() -> Sides, pairs: usize, rounds: u64) -> f64 {
    let gate = Barrier::new(2 * pairs + 1);
    thread::scope(|s| {
        let mut threads = Vec::with_capacity(2 * pairs);
        for _ in 0..pairs {
            let (left, right) = sides();
            for mut side in [left, right] {
                let gate = &gate;
                threads.push(s.spawn(move || {
                    gate.wait();
                    (0..rounds).for_each(&mut side);
                }));
            }
        }
        gate.wait();
        let start = Instant::now();
        for thread in threads {
            thread.join().expect("a side panicked");
        }
        per_round(start.elapsed(), rounds)
    })
}

/// What the waiting side of a [`slow_partner`] run used.
#[derive(Clone, Copy, Debug)]
pub struct SlowPartner {
    /// CPU time of the waiting side's thread over all rounds.
    pub cpu: Duration,
    /// Wall-clock time of the same rounds.
    pub wall: Duration,
}

impl SlowPartner {
    /// CPU time as a share of wall time, in percent.
    pub fn cpu_percent(&self) -> f64 {
        100.0 * self.cpu.as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// Runs `rounds` rounds of a pair whose right side sleeps `nap` before each
/// round, and measures the CPU time of the left side, which waits.
pub fn slow_partner(sides: fn() -> Sides, rounds: u64, nap: Duration) -> SlowPartner {
    let (mut waiter, mut sleeper) = sides();
    thread::scope(|s| {
        s.spawn(move || {
            for i in 0..rounds {
                thread::sleep(nap);
                sleeper(i);
            }
        });
        let waiter = s.spawn(move || {
            let (cpu, wall) = (thread_cpu_time(), Instant::now());
            (0..rounds).for_each(&mut waiter);
            SlowPartner {
                cpu: thread_cpu_time() - cpu,
                wall: wall.elapsed(),
            }
        });
        waiter.join().expect("the waiting side panicked")
    })
}
