//! Side-by-side timings of one pair of threads meeting in lockstep.
//!
//! `cargo run --release -p rendezvous-bench [ROUNDS] [RUNS]` measures every
//! case `RUNS` times, interleaved (case A, case B, ..., case A, ...), so that
//! a noisy neighbour hits all cases alike, and prints the median, fastest and
//! slowest ns per round, and the median's ratio to the floor.

use std::hint::black_box;
use std::sync::atomic::{AtomicU32, Ordering, fence};
use std::thread;
use std::time::Duration;
use std::time::Instant;

use rendezvous::{Rendezvous, RendezvousData, Waiting};

/// One measured case: runs `rounds` rounds between two threads and returns
/// the elapsed nanoseconds.
struct Case {
    name: &'static str,
    run: fn(u64) -> u128,
}

/// Two counters in one cache line, each side storing its own and spinning on
/// the other's: what any two-thread rendezvous costs at least.
fn floor(rounds: u64) -> u128 {
    #[repr(align(128))]
    struct Line([AtomicU32; 2]);
    let line = Line([AtomicU32::new(0), AtomicU32::new(0)]);
    let side = |me: usize| {
        let line = &line;
        move || {
            for n in 1..=rounds as u32 {
                line.0[me].store(n, Ordering::Release);
                while line.0[me ^ 1].load(Ordering::Acquire) == n - 1 {
                    std::hint::spin_loop();
                }
            }
        }
    };
    timed_pair(side(0), side(1))
}

/// [`floor`] with a SeqCst fence between the store and the loads: the price
/// of the sleeping handshake that `Waiting::Park` needs.
fn floor_fenced(rounds: u64) -> u128 {
    #[repr(align(128))]
    struct Line([AtomicU32; 2]);
    let line = Line([AtomicU32::new(0), AtomicU32::new(0)]);
    let side = |me: usize| {
        let line = &line;
        move || {
            for n in 1..=rounds as u32 {
                line.0[me].store(n, Ordering::Release);
                fence(Ordering::SeqCst);
                while line.0[me ^ 1].load(Ordering::Acquire) == n - 1 {
                    std::hint::spin_loop();
                }
            }
        }
    };
    timed_pair(side(0), side(1))
}

/// Runs both closures on two threads and times them from a common start.
fn timed_pair(left: impl FnOnce() + Send, right: impl FnOnce() + Send) -> u128 {
    thread::scope(|s| {
        let t = s.spawn(right);
        let start = Instant::now();
        left();
        t.join().unwrap();
        start.elapsed().as_nanos()
    })
}

fn seed_wait(rounds: u64) -> u128 {
    let (mut a, mut b) = rendezvous_swap::Rendezvous::new();
    timed_pair(
        move || (0..rounds).for_each(|_| a.wait()),
        move || (0..rounds).for_each(|_| b.wait()),
    )
}

fn seed_swap(rounds: u64) -> u128 {
    let (mut a, mut b) = rendezvous_swap::RendezvousData::new(0_u64, 0);
    timed_pair(
        move || (0..rounds).for_each(|i| *a.swap() = black_box(i)),
        move || (0..rounds).for_each(|i| *b.swap() = black_box(i)),
    )
}

fn wait_with(waiting: Waiting, rounds: u64) -> u128 {
    let (mut a, mut b) = Rendezvous::new();
    a.set_waiting(waiting);
    b.set_waiting(waiting);
    timed_pair(
        move || (0..rounds).for_each(|_| a.wait()),
        move || (0..rounds).for_each(|_| b.wait()),
    )
}

fn swap_with(waiting: Waiting, rounds: u64) -> u128 {
    let (mut a, mut b) = RendezvousData::new(0_u64, 0);
    a.set_waiting(waiting);
    b.set_waiting(waiting);
    timed_pair(
        move || (0..rounds).for_each(|i| *a.swap() = black_box(i)),
        move || (0..rounds).for_each(|i| *b.swap() = black_box(i)),
    )
}

const CASES: &[Case] = &[
    Case {
        name: "floor: two counters in one line",
        run: floor,
    },
    Case {
        name: "floor + SeqCst fence",
        run: floor_fenced,
    },
    Case {
        name: "rendezvous_swap 0.1.0 wait",
        run: seed_wait,
    },
    Case {
        name: "rendezvous wait (Park, default)",
        run: |n| wait_with(Waiting::Park, n),
    },
    Case {
        name: "rendezvous wait (Spin)",
        run: |n| wait_with(Waiting::Spin, n),
    },
    Case {
        name: "rendezvous_swap 0.1.0 swap u64",
        run: seed_swap,
    },
    Case {
        name: "rendezvous swap u64 (Park, default)",
        run: |n| swap_with(Waiting::Park, n),
    },
    Case {
        name: "rendezvous swap u64 (Spin)",
        run: |n| swap_with(Waiting::Spin, n),
    },
];

/// How long a side asleep in `wait` takes to notice that its partner's
/// handle was dropped, in microseconds.
fn drop_noticed_after() -> f64 {
    let (mut survivor, partner) = Rendezvous::new();
    let dropped_at = thread::spawn(move || {
        thread::sleep(Duration::from_millis(10)); // the survivor is asleep by now
        let at = Instant::now();
        drop(partner);
        at
    });
    let err = survivor.try_wait();
    let noticed_at = Instant::now();
    assert!(err.is_err());
    (noticed_at - dropped_at.join().unwrap()).as_nanos() as f64 / 1e3
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>());
    let rounds = args
        .next()
        .map_or(200_000, |r| r.expect("ROUNDS: a number"));
    let runs = args.next().map_or(9, |r| r.expect("RUNS: a number")) as usize;

    let mut ns_per_round = vec![Vec::with_capacity(runs); CASES.len()];
    for _ in 0..runs {
        for (case, samples) in CASES.iter().zip(&mut ns_per_round) {
            samples.push((case.run)(rounds) as f64 / rounds as f64);
        }
    }

    let median = |samples: &mut Vec<f64>| {
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    };
    let floor = median(&mut ns_per_round[0].clone());
    println!("{rounds} rounds per run, {runs} interleaved runs, ns per round");
    println!(
        "{:<38} {:>8} {:>8} {:>8} {:>9}",
        "case", "median", "fastest", "slowest", "/ floor"
    );
    for (case, samples) in CASES.iter().zip(&mut ns_per_round) {
        let m = median(samples);
        println!(
            "{:<38} {:>8.1} {:>8.1} {:>8.1} {:>9.2}",
            case.name,
            m,
            samples[0],
            samples[samples.len() - 1],
            m / floor
        );
    }

    let mut noticed: Vec<f64> = (0..runs).map(|_| drop_noticed_after()).collect();
    let m = median(&mut noticed);
    println!(
        "a sleeping side noticed its partner's drop after {m:.1} us (median; {:.1} to {:.1})",
        noticed[0],
        noticed[noticed.len() - 1]
    );
}
