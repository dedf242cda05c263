//! Beyond one idle pair: more threads than cores, and a slow partner.

use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use crate::{Sides, per_round, thread_cpu_time};

/// What one [`oversubscribed`] run measured.
#[derive(Clone, Copy, Debug)]
pub struct Oversubscribed {
    /// Wall-clock nanoseconds per round of one pair.
    pub ns_per_round: f64,
    /// How many pairs ran both their threads mostly on one core (`None`
    /// where the core a thread runs on cannot be asked).
    pub pairs_on_one_core: Option<usize>,
}

/// Runs `pairs` pairs at once, each for `rounds` rounds: with 3 pairs on 2
/// cores, how long each of the 3 lockstep loops takes per round while they
/// all compete for the cores.
///
/// It also notes where the threads ran. Linux keeps a queue of threads per
/// core and moves a thread to another core only to even out the queues'
/// lengths, not to split partners; a pair whose two threads share one queue
/// cannot run both at once, so each of its rounds costs switches between
/// threads.
pub fn oversubscribed(sides: fn() -> Sides, pairs: usize, rounds: u64) -> Oversubscribed {
    let gate = Barrier::new(2 * pairs + 1);
    thread::scope(|s| {
        let mut threads = Vec::with_capacity(2 * pairs);
        for _ in 0..pairs {
            let (left, right) = sides();
            for mut side in [left, right] {
                let gate = &gate;
                threads.push(s.spawn(move || {
                    let mut cores = CoreCount::default();
                    gate.wait();
                    for round in 0..rounds {
                        side(round);
                        if round % CORE_SAMPLE_EVERY == 0 {
                            cores.sample();
                        }
                    }
                    cores.most_used()
                }));
            }
        }
        gate.wait();
        let start = Instant::now();
        let cores: Vec<Option<usize>> = threads
            .into_iter()
            .map(|thread| thread.join().expect("a side panicked"))
            .collect();
        let ns_per_round = per_round(start.elapsed(), rounds);
        let pairs_on_one_core = cores
            .chunks(2)
            .map(|pair| match pair {
                [Some(left), Some(right)] => Some(usize::from(left == right)),
                _ => None,
            })
            .sum();
        Oversubscribed {
            ns_per_round,
            pairs_on_one_core,
        }
    })
}

/// A side of [`oversubscribed`] asks which core it runs on once per this
/// many rounds (a call of a few ns, next to rounds of 100 ns and more).
const CORE_SAMPLE_EVERY: u64 = 1024;

/// How often a thread was seen on each core.
#[derive(Default)]
struct CoreCount(Vec<u64>);

impl CoreCount {
    /// Notes the core the calling thread runs on now.
    fn sample(&mut self) {
        if let Some(core) = current_core() {
            if self.0.len() <= core {
                self.0.resize(core + 1, 0);
            }
            self.0[core] += 1;
        }
    }

    /// The core the thread was seen on most, if it was seen at all.
    fn most_used(&self) -> Option<usize> {
        (0..self.0.len())
            .filter(|&core| self.0[core] > 0)
            .max_by_key(|&core| self.0[core])
    }
}

/// The core the calling thread runs on (Linux only).
fn current_core() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sched_getcpu takes no arguments and touches no memory of
        // ours; it returns -1 on failure, which try_from rejects.
        let core = unsafe { libc::sched_getcpu() };
        usize::try_from(core).ok()
    }
    #[cfg(not(target_os = "linux"))]
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_core_wins() {
        let mut cores = CoreCount::default();
        assert_eq!(cores.most_used(), None);
        cores.0 = vec![2, 0, 5, 1];
        assert_eq!(cores.most_used(), Some(2));
    }

    /// Pins the calling thread to `core`.
    #[cfg(target_os = "linux")]
    fn pin(core: usize) {
        // SAFETY: `set` is a plain bit set, zeroed and then filled by the
        // libc macros; sched_setaffinity(0, ..) reads it for this thread.
        let rc = unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(core, &mut set);
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set)
        };
        assert_eq!(rc, 0, "sched_setaffinity failed");
    }

    /// A pair whose left side moves to core `left` and right side to core
    /// `right` before their first sample.
    #[cfg(target_os = "linux")]
    fn pinned<const LEFT: usize, const RIGHT: usize>() -> Sides {
        crate::boxed((
            |round| {
                if round == 0 {
                    pin(LEFT)
                }
            },
            |round| {
                if round == 0 {
                    pin(RIGHT)
                }
            },
        ))
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn oversubscribed_counts_the_pairs_sharing_a_core() {
        let together = oversubscribed(pinned::<0, 0>, 3, 4_000);
        assert!(together.ns_per_round > 0.0);
        assert_eq!(together.pairs_on_one_core, Some(3));
        if std::thread::available_parallelism().map_or(1, usize::from) >= 2 {
            let apart = oversubscribed(pinned::<0, 1>, 3, 4_000);
            assert_eq!(apart.pairs_on_one_core, Some(0));
        }
    }
}
