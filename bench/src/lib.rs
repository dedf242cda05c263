//! Side-by-side timings of `rendezvous-lockstep` against its peers and the hardware
//! floor.
//!
//! Every figure is measured in the same run as the figures it is compared
//! with, interleaved (case A, case B, ..., case A, ...), so that a noisy
//! neighbour or a move of the virtual CPUs hits all cases alike; reports give
//! medians and ratios, not lone times.
//!
//! - [`cases`]: one idle pair of threads in lockstep: the floors (what any
//!   rendezvous between two cores costs at least), this crate, its peers.
//! - [`scenarios`]: beyond one idle pair: more threads than cores, and a
//!   partner that is slow.
//! - [`measure`]: runs the cases of a [`Plan`](measure::Plan) and returns
//!   typed [`Results`](measure::Results).
//! - [`report`]: the results as Markdown tables, and the targets judged.
//! - [`chart`]: the SVG bar chart of a run.
//! - [`cli`]: the command line of `rendezvous-bench`.
//!
//! Two front ends share these cases: `cargo run --release -p
//! rendezvous-bench` prints the table and writes the chart, and `cargo bench
//! -p rendezvous-bench` runs the same cases under criterion.

pub mod cases;
pub mod chart;
pub mod cli;
pub mod measure;
pub mod report;
pub mod scenarios;

use std::time::{Duration, Instant};

/// One side of a pair, called once per round with the round's index
/// (0, 1, 2, ...), boxed for the scenarios that run many pairs.
pub type Side = Box<dyn FnMut(u64) + Send>;

/// The two sides of a pair: `(left, right)`.
pub type Sides = (Side, Side);

/// Boxes both sides of a pair.
pub fn boxed<L, R>((left, right): (L, R)) -> Sides
where
    L: FnMut(u64) + Send + 'static,
    R: FnMut(u64) + Send + 'static,
{
    (Box::new(left), Box::new(right))
}

/// Runs `rounds` rounds of a pair, `right` on a new thread and `left` on
/// this one, and returns the nanoseconds per round from a common start.
///
/// Generic, so that the sides are inlined into the loops: no call through a
/// pointer on the measured path.
pub fn idle_pair<L, R>(rounds: u64, (mut left, mut right): (L, R)) -> f64
where
    L: FnMut(u64),
    R: FnMut(u64) + Send,
{
    std::thread::scope(|s| {
        let right = s.spawn(move || (0..rounds).for_each(&mut right));
        let start = Instant::now();
        (0..rounds).for_each(&mut left);
        right.join().expect("the right side panicked");
        per_round(start.elapsed(), rounds)
    })
}

/// Nanoseconds per round.
pub fn per_round(elapsed: Duration, rounds: u64) -> f64 {
    elapsed.as_nanos() as f64 / rounds.max(1) as f64
}

/// How many rounds of a case take about `budget`, judged from a probe of
/// `probe` rounds (whose ns per round `measure` returns), at least `probe`.
pub fn rounds_for(budget: Duration, probe: u64, measure: impl Fn(u64) -> f64) -> u64 {
    let ns = measure(probe).max(1.0);
    ((budget.as_nanos() as f64 / ns) as u64).max(probe)
}

/// The CPU time the calling thread has used so far.
#[cfg(unix)]
pub fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable `timespec`, and
    // CLOCK_THREAD_CPUTIME_ID is a clock every Linux and macOS knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The CPU time the calling thread has used so far.
#[cfg(windows)]
pub fn thread_cpu_time() -> Duration {
    use windows_sys::Win32::Foundation::FILETIME;
    use windows_sys::Win32::System::Threading::{GetCurrentThread, GetThreadTimes};
    let zero = FILETIME {
        dwLowDateTime: 0,
        dwHighDateTime: 0,
    };
    let [mut created, mut exited, mut kernel, mut user] = [zero; 4];
    // SAFETY: GetCurrentThread returns a pseudo-handle that is always valid
    // for the calling thread; the four pointers are valid, writable FILETIMEs.
    let ok = unsafe {
        GetThreadTimes(
            GetCurrentThread(),
            &mut created,
            &mut exited,
            &mut kernel,
            &mut user,
        )
    };
    assert_ne!(ok, 0, "GetThreadTimes failed");
    // A FILETIME counts 100 ns intervals.
    let ticks = |t: FILETIME| (u64::from(t.dwHighDateTime) << 32) | u64::from(t.dwLowDateTime);
    Duration::from_nanos((ticks(kernel) + ticks(user)) * 100)
}

/// The median, fastest and slowest of some samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// The middle sample (the upper middle of an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
}

impl Summary {
    /// Summarizes `samples`; `NaN` everywhere if there are none.
    pub fn of(samples: &[f64]) -> Summary {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        match (sorted.first(), sorted.last()) {
            (Some(&min), Some(&max)) => Summary {
                median: sorted[sorted.len() / 2],
                min,
                max,
            },
            _ => Summary {
                median: f64::NAN,
                min: f64::NAN,
                max: f64::NAN,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_takes_the_middle_sample() {
        let s = Summary::of(&[5.0, 1.0, 3.0]);
        assert_eq!((s.median, s.min, s.max), (3.0, 1.0, 5.0));
        assert!(Summary::of(&[]).median.is_nan());
    }

    #[test]
    fn every_case_runs_a_few_rounds() {
        for case in cases::CASES {
            assert!((case.idle)(50) > 0.0, "{}", case.name);
        }
    }

    #[test]
    fn cpu_time_advances_with_work() {
        let before = thread_cpu_time();
        let mut x = 0_u64;
        for i in 0..2_000_000 {
            x = std::hint::black_box(x ^ i);
        }
        assert!(thread_cpu_time() > before);
    }
}
