//! The cases of `rendezvous-bench` under criterion, all in one run:
//! `cargo bench -p rendezvous-bench`.
//!
//! - `idle_pair/*`: one idle pair, time per round: the floors, this crate,
//!   its peers (the same cases as the table of `cargo run --release -p
//!   rendezvous-bench`).
//! - `oversubscribed_3_pairs/*`: 3 pairs at once, wall time per round of one
//!   pair. The pure-spin cases are left out here: a round then costs up to a
//!   scheduler time slice and varies too much for criterion's statistics;
//!   the table command shows them.
//! - `slow_partner_cpu/*`: the partner sleeps 1 ms per round; the figure is
//!   the waiting side's *CPU time* per round (its share of the ~1.06 ms
//!   wall time per round is what the table command prints).
//!
//! Criterion compares these ids from run to run; for the side-by-side
//! ratios, read the table command's output or `bench/results/speed.md`.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rendezvous_bench::cases::CASES;
use rendezvous_bench::scenarios::{oversubscribed, slow_partner};

/// Seconds per round, as criterion's total for `iters` rounds.
fn total(ns_per_round: f64, iters: u64) -> Duration {
    Duration::from_secs_f64(ns_per_round * iters as f64 / 1e9)
}

fn idle_pair(c: &mut Criterion) {
    let mut group = c.benchmark_group("idle_pair");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for case in CASES {
        group.bench_function(case.key.id(), |b| {
            b.iter_custom(|iters| total((case.idle)(iters), iters));
        });
    }
    group.finish();
}

fn oversubscribed_3_pairs(c: &mut Criterion) {
    let mut group = c.benchmark_group("oversubscribed_3_pairs");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    for case in CASES.iter().filter(|case| !case.pure_spin) {
        let Some(sides) = case.sides else { continue };
        group.bench_function(case.key.id(), |b| {
            b.iter_custom(|iters| total(oversubscribed(sides, 3, iters).ns_per_round, iters));
        });
    }
    group.finish();
}

fn slow_partner_cpu(c: &mut Criterion) {
    let mut group = c.benchmark_group("slow_partner_cpu");
    // Criterion plans by the figures it is given, CPU time here, while each
    // round takes over 1 ms of wall time: tiny budgets keep a case to about
    // a second.
    group
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(10))
        .sample_size(10);
    for case in CASES {
        let Some(sides) = case.sides else { continue };
        group.bench_function(case.key.id(), |b| {
            b.iter_custom(|iters| slow_partner(sides, iters, Duration::from_millis(1)).cpu);
        });
    }
    group.finish();
}

criterion_group!(benches, idle_pair, oversubscribed_3_pairs, slow_partner_cpu);
criterion_main!(benches);
