//! Runs the cases and returns what they measured, as [`Results`]: no
//! formatting, no judging (that is [`report`](crate::report)).

use std::time::Duration;

use crate::cases::{Key, Kind};
use crate::scenarios::{Oversubscribed, oversubscribed, slow_partner};
use crate::{Summary, rounds_for};

/// What to measure, and how long.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The cases, in the order of [`CASES`](crate::cases::CASES).
    pub cases: Vec<Key>,
    /// Interleaved runs of each idle-pair case.
    pub runs: usize,
    /// Time per run of one idle-pair case; 4 times this per scenario run.
    pub budget: Duration,
    /// Runs of the oversubscribed scenario (half as many, rounded up, of the
    /// slow partner).
    pub scenario_runs: usize,
    /// Whether to run the two scenarios after the idle pair.
    pub scenarios: bool,
    /// Before each run of a case, how long at most to wait until the machine
    /// looks undisturbed (see [`wait_until_undisturbed`]).
    pub wait_idle: Duration,
}

impl Default for Plan {
    /// Every case, 9 runs of 30 ms, 5 scenario runs, no waiting.
    fn default() -> Plan {
        Plan {
            cases: Key::ALL.to_vec(),
            runs: 9,
            budget: Duration::from_millis(30),
            scenario_runs: 5,
            scenarios: true,
            wait_idle: Duration::ZERO,
        }
    }
}

impl Plan {
    /// The plan of `--long`: 21 runs of 200 ms, 9 scenario runs.
    pub fn long() -> Plan {
        Plan {
            runs: 21,
            budget: Duration::from_millis(200),
            scenario_runs: 9,
            ..Plan::default()
        }
    }
}

/// Pairs at once in the oversubscribed scenario (on a 2-core machine).
pub const PAIRS: usize = 3;
/// Rounds of the slow-partner scenario.
pub const SLOW_ROUNDS: u64 = 200;
/// The slow partner's nap before each round.
pub const NAP: Duration = Duration::from_millis(1);

/// Everything one run measured.
#[derive(Clone, Debug)]
pub struct Results {
    /// The machine (CPU model and cores).
    pub machine: String,
    /// Cores available to this process.
    pub cores: usize,
    /// Load averages (1, 5, 15 min) before the run.
    pub load_before: String,
    /// Load averages after the run.
    pub load_after: String,
    /// Interleaved runs of each idle-pair case.
    pub runs: usize,
    /// Time per run of one idle-pair case.
    pub budget: Duration,
    /// One idle pair: ns per round of each case, in the order of the plan.
    pub idle: Vec<Measured<Summary>>,
    /// The two scenarios, if they ran.
    pub scenarios: Option<Scenarios>,
}

/// A case and what it measured.
#[derive(Clone, Debug)]
pub struct Measured<T> {
    /// The case.
    pub key: Key,
    /// What it measured.
    pub value: T,
}

/// What the two scenarios measured, for the cases that are pairs of sides.
#[derive(Clone, Debug)]
pub struct Scenarios {
    /// Pairs at once in the oversubscribed scenario.
    pub pairs: usize,
    /// Runs of the oversubscribed scenario.
    pub runs: usize,
    /// Each oversubscribed run, in run order, of each case.
    pub oversubscribed: Vec<Measured<Vec<Oversubscribed>>>,
    /// Rounds of one slow-partner run.
    pub slow_rounds: u64,
    /// The slow partner's nap per round.
    pub nap: Duration,
    /// Runs of the slow-partner scenario.
    pub slow_runs: usize,
    /// The waiting side's CPU share (percent of wall time) of each case.
    pub slow_partner: Vec<Measured<Summary>>,
}

/// The value of `key`, if measured.
fn find<T>(measured: &[Measured<T>], key: Key) -> Option<&T> {
    measured.iter().find(|m| m.key == key).map(|m| &m.value)
}

impl Results {
    /// One idle pair: ns per round of `key`, if measured.
    pub fn idle(&self, key: Key) -> Option<Summary> {
        find(&self.idle, key).copied()
    }

    /// The reference of every "/ floor": the fastest of this run's
    /// [`Kind::Floor`] cases, by median, if any ran.
    ///
    /// The one-line floor is the one a rendezvous on one line can reach,
    /// but on this kind of machine it is at times slower than the others (up
    /// to several times, while the rest of the run is not), and a ratio to a
    /// slow floor flatters. The fastest floor is the strictest reference.
    /// A [`Kind::DataFloor`] costs more by design and is never the reference.
    pub fn floor(&self) -> Option<(Key, f64)> {
        self.idle
            .iter()
            .filter(|m| m.key.case().kind == Kind::Floor)
            .map(|m| (m.key, m.value.median))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Oversubscribed: wall-clock ns per round of `key`, if measured.
    pub fn oversubscribed(&self, key: Key) -> Option<Summary> {
        let runs = find(&self.scenarios.as_ref()?.oversubscribed, key)?;
        Some(ns_per_round(runs))
    }

    /// Slow partner: the waiting side's CPU share of `key`, if measured.
    pub fn slow_partner(&self, key: Key) -> Option<Summary> {
        find(&self.scenarios.as_ref()?.slow_partner, key).copied()
    }
}

/// The wall-clock ns per round of some oversubscribed runs.
pub fn ns_per_round(runs: &[Oversubscribed]) -> Summary {
    Summary::of(&runs.iter().map(|run| run.ns_per_round).collect::<Vec<_>>())
}

/// Runs `plan`, printing progress to stderr.
///
/// Every figure is measured interleaved: each run goes through all cases in
/// turn, so that a disturbance hits all alike.
pub fn run(plan: &Plan) -> Results {
    let load_before = loadavg();
    let idle = idle_pair(plan);
    let scenarios = plan.scenarios.then(|| scenarios(plan));
    let load_after = loadavg();
    eprintln!();
    Results {
        machine: machine(),
        cores: cores(),
        load_before,
        load_after,
        runs: plan.runs,
        budget: plan.budget,
        idle,
        scenarios,
    }
}

/// One idle pair, every case of the plan.
fn idle_pair(plan: &Plan) -> Vec<Measured<Summary>> {
    let warm_up = Key::FloorOneLine.case().idle;
    let warm_up_rounds = rounds_for(plan.budget, 1_000, warm_up);
    let rounds: Vec<u64> = plan
        .cases
        .iter()
        .map(|key| rounds_for(plan.budget, 1_000, key.case().idle))
        .collect();
    let mut samples = vec![Vec::with_capacity(plan.runs); rounds.len()];
    for run in 0..plan.runs {
        eprint!("\ridle pair: run {}/{}", run + 1, plan.runs);
        // Warm-up, not measured: after the peers that sleep (futex waits),
        // the host takes a while to give a spinning pair its cores back, and
        // the first case of the next run, the floor, paid for it.
        warm_up(warm_up_rounds);
        for ((key, &rounds), samples) in plan.cases.iter().zip(&rounds).zip(&mut samples) {
            wait_until_undisturbed(plan.wait_idle);
            samples.push((key.case().idle)(rounds));
        }
    }
    plan.cases
        .iter()
        .zip(&samples)
        .map(|(&key, samples)| Measured {
            key,
            value: Summary::of(samples),
        })
        .collect()
}

/// More pairs than cores, then a slow partner: the cases of the plan that
/// are a pair of sides.
fn scenarios(plan: &Plan) -> Scenarios {
    let cases: Vec<_> = plan
        .cases
        .iter()
        .filter_map(|&key| Some((key, key.case().sides?)))
        .collect();

    let scenario_budget = plan.budget * 4;
    let rounds: Vec<u64> = cases
        .iter()
        .map(|&(_, sides)| {
            rounds_for(scenario_budget, 100, |r| {
                oversubscribed(sides, PAIRS, r).ns_per_round
            })
        })
        .collect();
    let mut over = vec![Vec::with_capacity(plan.scenario_runs); cases.len()];
    for run in 0..plan.scenario_runs {
        eprint!("\r{PAIRS} pairs: run {}/{}   ", run + 1, plan.scenario_runs);
        for ((&(_, sides), &rounds), samples) in cases.iter().zip(&rounds).zip(&mut over) {
            wait_until_undisturbed(plan.wait_idle);
            samples.push(oversubscribed(sides, PAIRS, rounds));
        }
    }

    let slow_runs = plan.scenario_runs.div_ceil(2);
    let mut slow = vec![Vec::with_capacity(slow_runs); cases.len()];
    for run in 0..slow_runs {
        eprint!("\rslow partner: run {}/{}   ", run + 1, slow_runs);
        for (&(_, sides), samples) in cases.iter().zip(&mut slow) {
            wait_until_undisturbed(plan.wait_idle);
            samples.push(slow_partner(sides, SLOW_ROUNDS, NAP).cpu_percent());
        }
    }

    Scenarios {
        pairs: PAIRS,
        runs: plan.scenario_runs,
        oversubscribed: cases
            .iter()
            .zip(over)
            .map(|(&(key, _), value)| Measured { key, value })
            .collect(),
        slow_rounds: SLOW_ROUNDS,
        nap: NAP,
        slow_runs,
        slow_partner: cases
            .iter()
            .zip(&slow)
            .map(|(&(key, _), samples)| Measured {
                key,
                value: Summary::of(samples),
            })
            .collect(),
    }
}

/// Waits up to `max` until the machine looks undisturbed: until two short
/// probes of the one-line floor (2,000 rounds each) in a row agree within
/// 25%. On a shared machine, other jobs (and other virtual machines on the
/// same host, which no load average shows) make a spinning pair wait for a
/// descheduled partner, and the probes scatter; this skips such moments
/// instead of measuring them. The probes run back to back: a pause between
/// them would leave a virtual core idle, which the host may take away, and
/// the next case would start on a core it has to win back. It only delays a
/// run, whatever the case; what happens during the run is measured as it is.
pub fn wait_until_undisturbed(max: Duration) {
    let floor = Key::FloorOneLine.case().idle;
    let start = std::time::Instant::now();
    while start.elapsed() < max {
        let (a, b) = (floor(2_000), floor(2_000));
        if a.max(b) <= 1.25 * a.min(b) {
            return;
        }
    }
}

/// The CPU model and core count, from `/proc/cpuinfo`.
fn machine() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    format!("{model}, {} cores", cores())
}

/// Cores available to this process.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The first three fields of `/proc/loadavg`.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
