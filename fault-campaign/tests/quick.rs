//! The fault campaign's quick mode: a fixed seed, so `cargo test` runs the
//! same scenarios every time. The long mode is
//! `cargo run --release -p fault-campaign -- --seed S --runs N`.
//!
//! `FAULT_CAMPAIGN_RUNS` overrides the number of runs (CI lowers it for
//! the ThreadSanitizer run, which is many times slower); the scenarios are
//! still the fixed seed's first runs.

use fault_campaign::{Config, campaign, describe};
use std::io::Write;

#[test]
fn quick_campaign_finds_no_fault() {
    let mut config = Config::quick();
    if let Ok(runs) = std::env::var("FAULT_CAMPAIGN_RUNS") {
        config.runs = runs.parse().expect("FAULT_CAMPAIGN_RUNS is a number");
    }
    let mut failed = String::new();
    let summary = campaign(&config, |report, _| {
        if !report.failures.is_empty() {
            failed += &describe(&config, report);
        }
    });
    // Straight to stderr, past the test harness's capture: the summary line
    // belongs in every log.
    // Sides slept, so the sleeping handshake chose its barrier: on a
    // system that offers one, the asymmetric variant (a light compiler
    // fence on every arrival, the system barrier before a sleep) ran.
    let barrier = rendezvous_lockstep::__private::diagnostics::sleep_barrier();
    let line = format!(
        "fault campaign (quick, seed {:#x}): {summary}\n  {}\n  sleep handshake: {barrier}\n",
        config.seed, summary.coverage
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
    assert!(summary.is_clean(), "{summary}\n{failed}");
    let offered = rendezvous_lockstep::__private::diagnostics::system_barrier_offered();
    assert_eq!(barrier == "SeqCst fences", !offered, "{barrier}");
    assert_eq!(summary.runs, config.runs);
}
