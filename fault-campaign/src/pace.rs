//! Random delays between swaps: a side's [`Tempo`], played out.

use crate::scenario::{SidePlan, Tempo};
use fastrand::Rng;
use std::hint::spin_loop;
use std::thread;
use std::time::Duration;

/// Plays one side's tempo, from the side's own seed.
pub struct Pacer {
    rng: Rng,
    tempo: Tempo,
}

impl Pacer {
    /// The pacer of the side planned as `plan`.
    pub fn new(plan: &SidePlan) -> Self {
        Pacer {
            rng: Rng::with_seed(plan.delay_seed),
            tempo: plan.tempo,
        }
    }

    /// Dawdles before a swap, as the tempo says.
    pub fn pause(&mut self) {
        match self.tempo {
            Tempo::Fast => {}
            Tempo::Jittery => match self.rng.u32(0..100) {
                0..70 => {}
                70..82 => {
                    for _ in 0..self.rng.u32(1..300) {
                        spin_loop();
                    }
                }
                82..90 => thread::yield_now(),
                90..98 => thread::sleep(Duration::from_micros(self.rng.u64(1..100))),
                // Long enough for a parking partner to fall asleep.
                _ => thread::sleep(Duration::from_micros(self.rng.u64(500..2_000))),
            },
            Tempo::Slow => thread::sleep(Duration::from_micros(self.rng.u64(20..300))),
        }
    }

    /// A short pause between two attempts at one swap (after a timeout).
    pub fn retry(&mut self) {
        if self.rng.bool() {
            thread::yield_now();
        }
    }
}
