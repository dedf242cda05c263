//! Runs, the watchdog, and the summary.

use crate::check::{Ctx, Failure, Kind, is_expected, message};
use crate::payload::{Counted, Payload, PayloadKind};
use crate::scenario::{Call, Driver, FaultKind, Scenario};
use crate::{data_pair, lockstep_run};
use fastrand::Rng;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// What a campaign runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Seeds every run: run `r` of seed `s` is the same scenarios on every
    /// machine.
    pub seed: u64,
    /// The first run number.
    pub start: u64,
    /// How many runs.
    pub runs: u64,
    /// The most swaps a pair makes.
    pub max_swaps: u32,
    /// How long a run may take before it counts as a hang.
    pub watchdog: Duration,
    /// Stop after this many hung runs: their threads never end, and each
    /// costs a whole watchdog period.
    pub max_hangs: u64,
}

impl Config {
    /// The quick mode's fixed seed.
    pub const QUICK_SEED: u64 = 0x5EED_2024;
    /// The quick mode's run count.
    pub const QUICK_RUNS: u64 = 400;

    /// The quick mode that `cargo test --workspace` runs: a fixed seed, so
    /// the same scenarios every time.
    pub fn quick() -> Config {
        Config {
            seed: Self::QUICK_SEED,
            start: 0,
            runs: Self::QUICK_RUNS,
            max_swaps: 120,
            watchdog: Duration::from_secs(60),
            max_hangs: 1,
        }
    }
}

/// One run: its scenarios (1 to 4 pairs, run at once) and what failed.
#[derive(Debug)]
pub struct RunReport {
    /// The run number.
    pub run: u64,
    /// The pairs it ran.
    pub scenarios: Vec<Scenario>,
    /// The failed checks, by pair index.
    pub failures: Vec<(usize, Failure)>,
    /// Timeouts the sides saw.
    pub timeouts: u64,
    /// How long it took.
    pub elapsed: Duration,
}

impl RunReport {
    /// Whether the run failed checks of `kind`.
    pub fn has(&self, kind: Kind) -> bool {
        self.failures
            .iter()
            .any(|(_, failure)| failure.kind == kind)
    }
}

/// The scenarios of run `run` of `seed`.
pub fn plan(seed: u64, run: u64, max_swaps: u32) -> Vec<Scenario> {
    let mut rng = Rng::with_seed(mix(seed, run));
    let pairs = rng.usize(1..=4);
    (0..pairs)
        .map(|_| Scenario::draw(&mut rng, max_swaps))
        .collect()
}

/// The seed of one run: SplitMix64 of the campaign seed and run number.
fn mix(seed: u64, run: u64) -> u64 {
    let mut z = seed ^ run.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Runs run `run`: every pair on threads of its own, at once, under a
/// watchdog. A pair that does not report within `config.watchdog` is a
/// hang; its threads are left behind.
pub fn execute(config: &Config, run: u64) -> RunReport {
    quiet_expected_panics();
    let started = Instant::now();
    let scenarios = plan(config.seed, run, config.max_swaps);
    let (reports, outcomes) = mpsc::channel();
    let threads: Vec<_> = scenarios
        .iter()
        .enumerate()
        .map(|(pair, scenario)| {
            let scenario = scenario.clone();
            let reports = reports.clone();
            thread::Builder::new()
                .name(format!("campaign-run-{run}-pair-{pair}"))
                .spawn(move || {
                    let outcome = execute_pair(&scenario);
                    // The watchdog may have given up on this run already.
                    let _ = reports.send((pair, outcome));
                })
                .expect("spawning a pair's thread")
        })
        .collect();
    drop(reports);
    let deadline = started + config.watchdog;
    let mut finished = vec![None; scenarios.len()];
    while finished.iter().any(Option::is_none) {
        let left = deadline.saturating_duration_since(Instant::now());
        match outcomes.recv_timeout(left) {
            Ok((pair, outcome)) => finished[pair] = Some(outcome),
            Err(_) => break,
        }
    }
    let mut report = RunReport {
        run,
        scenarios,
        failures: Vec::new(),
        timeouts: 0,
        elapsed: Duration::ZERO,
    };
    for (pair, (outcome, thread)) in finished.into_iter().zip(threads).enumerate() {
        match outcome {
            Some((failures, timeouts)) => {
                thread.join().expect("a pair's thread catches its panics");
                report.timeouts += timeouts;
                let failures = failures.into_iter().map(|failure| (pair, failure));
                report.failures.extend(failures);
            }
            // Dropping the handle detaches the hung threads.
            None => report.failures.push((
                pair,
                Failure {
                    kind: Kind::Hang,
                    detail: format!("not finished after {:?}", config.watchdog),
                },
            )),
        }
    }
    report.elapsed = started.elapsed();
    report
}

/// Runs one pair and audits its ledger: the failed checks and the timeouts
/// seen.
pub fn execute_pair(scenario: &Scenario) -> (Vec<Failure>, u64) {
    let ctx = Ctx::new(scenario);
    let ran = panic::catch_unwind(AssertUnwindSafe(|| match scenario.payload {
        PayloadKind::Counted => drive::<Counted>(&ctx),
        PayloadKind::BoxCounted => drive::<Box<Counted>>(&ctx),
        PayloadKind::RefCellCounted => drive::<RefCell<Counted>>(&ctx),
        PayloadKind::VecCounted => drive::<Vec<Counted>>(&ctx),
        PayloadKind::U64 => drive::<u64>(&ctx),
        PayloadKind::CellU64 => drive::<Cell<u64>>(&ctx),
        PayloadKind::Array => drive::<[u64; 24]>(&ctx),
        PayloadKind::String => drive::<String>(&ctx),
        PayloadKind::Unit => drive::<()>(&ctx),
    }));
    if let Err(payload) = ran {
        ctx.fail(
            Kind::WrongError,
            format!("the pair's thread panicked: {:?}", message(&*payload)),
        );
    }
    // Every value is gone now: the handles, the state and `run`'s frames.
    let audit = ctx.ledger.audit();
    if !audit.leaked.is_empty() {
        ctx.fail(
            Kind::Lost,
            format!("tokens never dropped: {:?}", audit.leaked),
        );
    }
    if !audit.double_dropped.is_empty() || audit.strays > 0 {
        ctx.fail(
            Kind::DoubleDropped,
            format!(
                "tokens dropped twice: {:?}; drops of unknown tokens: {}",
                audit.double_dropped, audit.strays
            ),
        );
    }
    ctx.finish()
}

fn drive<P: Payload>(ctx: &Ctx<'_>) {
    match ctx.scenario.driver {
        Driver::ArcPair | Driver::BorrowedPair => data_pair::run::<P>(ctx),
        Driver::Lockstep => lockstep_run::run::<P>(ctx),
    }
}

/// Installs, once, a panic hook that keeps quiet about the panics the
/// campaign causes or expects, and reports every other one as before.
fn quiet_expected_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !is_expected(info.payload()) {
                previous(info);
            }
        }));
    });
}

/// The figures of a campaign so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Runs done.
    pub runs: u64,
    /// Runs with a hung pair.
    pub hangs: u64,
    /// Runs where a value was lost, torn, out of order or never dropped.
    pub lost: u64,
    /// Runs where a value was dropped twice.
    pub double_dropped: u64,
    /// Runs where a side saw the wrong error, panic or count.
    pub wrong_error: u64,
    /// What was covered.
    pub coverage: Coverage,
}

/// How much of each kind of event the runs covered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Pairs run.
    pub pairs: u64,
    /// Pairs over `RendezvousData::new`.
    pub arc_pairs: u64,
    /// Pairs over `RendezvousDataState::split`.
    pub borrowed_pairs: u64,
    /// Pairs through `lockstep::run`.
    pub lockstep_pairs: u64,
    /// Lockstep sides that called `try_swap`.
    pub lockstep_try_swaps: u64,
    /// Lockstep sides that called `exchange`.
    pub exchanges: u64,
    /// Lockstep sides that called `swap_timeout` and `swap_deadline`.
    pub lockstep_timeouts: u64,
    /// Lockstep sides that asked `would_block` before each swap.
    pub would_blocks: u64,
    /// Lockstep sides that called `give` (in a stream or a relay).
    pub gives: u64,
    /// Lockstep sides that called `take` (in a stream or a relay).
    pub takes: u64,
    /// Lockstep sides that took with `iter_take`.
    pub iter_takes: u64,
    /// Lockstep pairs that passed one object back and forth.
    pub relays: u64,
    /// `RendezvousData` sides (owned or borrowed) that called `exchange`.
    pub data_exchanges: u64,
    /// Lockstep survivors that took their partner's return as the end of
    /// the stream and returned.
    pub hang_ups: u64,
    /// Sides that panicked on purpose.
    pub panics: u64,
    /// Sides that returned or dropped their handle early.
    pub returns: u64,
    /// Sides that abandoned a timed-out swap.
    pub abandons: u64,
    /// Lockstep blocks that abandoned a timed-out swap and returned.
    pub lockstep_abandons: u64,
    /// Sides that outlived their partner and saw it gone.
    pub survivors: u64,
    /// Timeouts the sides saw.
    pub timeouts: u64,
    /// Swaps completed, both sides counted once.
    pub swaps: u64,
}

impl Summary {
    /// Adds a run's figures.
    pub fn add(&mut self, report: &RunReport) {
        self.runs += 1;
        self.hangs += u64::from(report.has(Kind::Hang));
        self.lost += u64::from(report.has(Kind::Lost));
        self.double_dropped += u64::from(report.has(Kind::DoubleDropped));
        self.wrong_error += u64::from(report.has(Kind::WrongError));
        let c = &mut self.coverage;
        c.timeouts += report.timeouts;
        for scenario in &report.scenarios {
            c.pairs += 1;
            match scenario.driver {
                Driver::ArcPair => c.arc_pairs += 1,
                Driver::BorrowedPair => c.borrowed_pairs += 1,
                Driver::Lockstep => c.lockstep_pairs += 1,
            }
            c.relays += u64::from(scenario.sides[0].call == Call::Relay);
            c.swaps += u64::from(scenario.completed());
            for side in 0..2 {
                c.survivors += u64::from(scenario.survives(side));
                c.hang_ups += u64::from(scenario.hangs_up(side));
                match (scenario.driver, scenario.sides[side].call) {
                    (Driver::Lockstep, Call::TrySwap) => c.lockstep_try_swaps += 1,
                    (Driver::Lockstep, Call::Exchange) => c.exchanges += 1,
                    (Driver::Lockstep, Call::Timeout(_)) => c.lockstep_timeouts += 1,
                    (Driver::Lockstep, Call::Poll) => c.would_blocks += 1,
                    (Driver::Lockstep, Call::Give) => c.gives += 1,
                    (Driver::Lockstep, Call::Take) => c.takes += 1,
                    (Driver::Lockstep, Call::IterTake) => c.iter_takes += 1,
                    (Driver::Lockstep, Call::Relay) => {
                        c.gives += 1;
                        c.takes += 1;
                    }
                    (_, Call::Exchange) => c.data_exchanges += 1,
                    _ => {}
                }
                if scenario.driver == Driver::Lockstep && scenario.abandons(side) {
                    c.lockstep_abandons += 1;
                }
                match scenario.executes_fault(side).map(|fault| fault.kind) {
                    Some(FaultKind::Panic) => c.panics += 1,
                    Some(FaultKind::Return) => c.returns += 1,
                    Some(FaultKind::Abandon { .. }) => c.abandons += 1,
                    None => {}
                }
            }
        }
    }

    /// Whether no check failed.
    pub fn is_clean(&self) -> bool {
        self.hangs + self.lost + self.double_dropped + self.wrong_error == 0
    }
}

/// The summary line: `N runs, N hangs, N lost, N double-dropped, N
/// wrong-error`.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} runs, {} hangs, {} lost, {} double-dropped, {} wrong-error",
            self.runs, self.hangs, self.lost, self.double_dropped, self.wrong_error
        )
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} pairs ({} RendezvousData::new and {} RendezvousDataState::split with {} \
             exchange sides, {} lockstep::run with {} try_swap, {} exchange, {} swap_timeout, \
             {} would_block, {} give, {} take and {} iter_take sides, {} relaying one object), \
             {} swaps; faults: {} panics, {} early returns, {} abandoned swaps ({} in lockstep \
             blocks); {} survivors ({} hung up); {} timeouts",
            self.pairs,
            self.arc_pairs,
            self.borrowed_pairs,
            self.data_exchanges,
            self.lockstep_pairs,
            self.lockstep_try_swaps,
            self.exchanges,
            self.lockstep_timeouts,
            self.would_blocks,
            self.gives,
            self.takes,
            self.iter_takes,
            self.relays,
            self.swaps,
            self.panics,
            self.returns,
            self.abandons,
            self.lockstep_abandons,
            self.survivors,
            self.hang_ups,
            self.timeouts
        )
    }
}

/// Runs the campaign `config` describes, one run after another, calling
/// `each` after every run. Stops early after `config.max_hangs` hung runs.
pub fn campaign(config: &Config, mut each: impl FnMut(&RunReport, &Summary)) -> Summary {
    let mut summary = Summary::default();
    for run in config.start..config.start + config.runs {
        let report = execute(config, run);
        summary.add(&report);
        each(&report, &summary);
        if summary.hangs >= config.max_hangs {
            break;
        }
    }
    summary
}

/// A failed run, in words: the seed and run number that reproduce it, and
/// every failed check with its pair's scenario.
pub fn describe(config: &Config, report: &RunReport) -> String {
    let mut text = format!(
        "FAILED: seed {seed} run {run} (reproduce: cargo run --release -p fault-campaign -- \
         --seed {seed} --start {run} --runs 1 --max-swaps {max_swaps})\n",
        seed = config.seed,
        run = report.run,
        max_swaps = config.max_swaps,
    );
    for (pair, failure) in &report.failures {
        text += &format!(
            "  pair {pair}: {}: {}\n    scenario: {:?}\n",
            failure.kind, failure.detail, report.scenarios[*pair]
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_the_same_scenarios_for_the_same_seed() {
        assert_eq!(plan(1, 17, 300), plan(1, 17, 300));
        assert_ne!(plan(1, 17, 300), plan(2, 17, 300));
    }

    #[test]
    fn the_summary_line_reads_as_documented() {
        let summary = Summary {
            runs: 3,
            hangs: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary.to_string(),
            "3 runs, 1 hangs, 0 lost, 0 double-dropped, 0 wrong-error"
        );
    }
}
