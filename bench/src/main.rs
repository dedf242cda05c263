//! Side by side: `rendezvous-lockstep` against its peers and the hardware floor.
//!
//! ```text
//! cargo run --release -p rendezvous-bench [-- OPTIONS]
//!
//!   --runs N     interleaved runs of each idle-pair case (default 9)
//!   --ms MS      milliseconds per run of one case (default 30)
//!   --long       --runs 21 --ms 200, and more scenario runs
//!   --svg PATH   where to write the chart (default bench/results/speed.svg)
//!   --no-svg     write no files
//!   --wait-idle S  before each run of a case, wait up to S seconds until
//!                a short probe of the floor shows the machine undisturbed
//!                (for shared machines; default 0: don't wait)
//!   --idle-only  skip the two scenarios
//!   --only KEYS  only the cases with these comma-separated keys
//!                (implies --no-svg); the keys are the
//!                criterion ids: floor_one_line, wait, swap_u64, std_barrier...
//! ```
//!
//! Prints three Markdown tables (one idle pair; 3 pairs on 2 cores; a partner
//! that sleeps 1 ms per round), the targets met or missed, and writes the
//! tables to `results/speed.md` and the chart to `results/speed.svg` beside
//! this package's manifest. The default run takes well under a minute.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use rendezvous_bench::cases::{CASES, Case, Kind};
use rendezvous_bench::chart::{Bar, Panel, write_svg};
use rendezvous_bench::scenarios::{Oversubscribed, oversubscribed, slow_partner};
use rendezvous_bench::{Summary, rounds_for};

/// What the command line asked for.
struct Options {
    runs: usize,
    budget: Duration,
    scenario_runs: usize,
    svg: Option<PathBuf>,
    only: Option<Vec<String>>,
    wait_idle: Duration,
    idle_only: bool,
}

fn options() -> Options {
    let mut options = Options {
        runs: 9,
        budget: Duration::from_millis(30),
        scenario_runs: 5,
        svg: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/speed.svg")),
        only: None,
        wait_idle: Duration::ZERO,
        idle_only: false,
    };
    let mut args = std::env::args().skip(1);
    let number = |arg: Option<String>, what: &str| -> u64 {
        arg.and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("{what} needs a number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => options.runs = number(args.next(), "--runs").max(1) as usize,
            "--ms" => options.budget = Duration::from_millis(number(args.next(), "--ms")),
            "--long" => {
                options.runs = 21;
                options.budget = Duration::from_millis(200);
                options.scenario_runs = 9;
            }
            "--svg" => options.svg = Some(args.next().expect("--svg needs a path").into()),
            "--no-svg" => options.svg = None,
            "--wait-idle" => {
                options.wait_idle = Duration::from_secs(number(args.next(), "--wait-idle"));
            }
            "--idle-only" => options.idle_only = true,
            "--only" => {
                let keys = args.next().expect("--only needs keys");
                options.only = Some(keys.split(',').map(str::to_string).collect());
            }
            "-h" | "--help" => {
                println!(
                    "usage: rendezvous-bench [--runs N] [--ms MS] [--long] [--svg PATH] [--no-svg]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other:?}; try --help"),
        }
    }
    if options.only.is_some() || options.idle_only {
        options.svg = None;
    }
    options
}

/// Pairs at once in the oversubscribed scenario (on a 2-core machine).
const PAIRS: usize = 3;
/// Rounds of the slow-partner scenario, and the partner's nap per round.
const SLOW_ROUNDS: u64 = 200;
const NAP: Duration = Duration::from_millis(1);

/// The cases to run.
fn cases() -> impl Iterator<Item = &'static Case> + Clone {
    CASES.iter().filter(|case| {
        ONLY.get()
            .and_then(|only| only.as_ref())
            .is_none_or(|only| only.iter().any(|key| case.key == key))
    })
}

/// `--only`, once parsed.
static ONLY: std::sync::OnceLock<Option<Vec<String>>> = std::sync::OnceLock::new();

/// The cases of the scenarios: every case that is a pair of sides.
fn scenario_cases() -> impl Iterator<Item = &'static Case> + Clone {
    let skip = IDLE_ONLY.load(std::sync::atomic::Ordering::Relaxed);
    cases().filter(move |case| case.sides.is_some() && !skip)
}

/// `--idle-only`.
static IDLE_ONLY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn main() {
    let options = options();
    ONLY.set(options.only.clone()).expect("set once");
    IDLE_ONLY.store(options.idle_only, std::sync::atomic::Ordering::Relaxed);
    let mut report = String::new();
    let machine = machine();
    let load_before = loadavg();

    // One idle pair, every case, interleaved.
    let rounds: Vec<u64> = cases()
        .map(|case| rounds_for(options.budget, 1_000, case.idle))
        .collect();
    let mut samples = vec![Vec::with_capacity(options.runs); rounds.len()];
    for run in 0..options.runs {
        eprint!("\ridle pair: run {}/{}", run + 1, options.runs);
        // Warm-up, not measured: after the peers that sleep (futex waits),
        // the host takes a while to give a spinning pair its cores back, and
        // the first case of the next run, the floor, paid for it.
        (CASES[0].idle)(rounds[0]);
        for ((case, &rounds), samples) in cases().zip(&rounds).zip(&mut samples) {
            wait_until_undisturbed(options.wait_idle);
            samples.push((case.idle)(rounds));
        }
    }
    let idle: Vec<Summary> = samples.iter().map(|s| Summary::of(s)).collect();
    // The reference of every "/ floor": the fastest of this run's floor cases.
    // The one-line floor is the one a rendezvous on one line can reach, but
    // on this kind of machine it is at times slower than the others (up to
    // several times, while the rest of the run is not), and a ratio to a
    // slow floor flatters. The fastest floor is the strictest reference.
    // The handoff floor costs a second line per round by design: it is the
    // reference of the 4 KiB swap only.
    let (floor_name, floor) = cases()
        .zip(&idle)
        .filter(|(case, _)| case.kind == Kind::Floor && !case.key.starts_with("floor_handoff"))
        .map(|(case, s)| (case.name, s.median))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or(("no floor case", f64::NAN));
    let nan = Summary::of(&[]);
    let idle_of = |key: &str| cases().position(|c| c.key == key).map_or(nan, |i| idle[i]);

    // More pairs than cores.
    let scenario_budget = options.budget * 4;
    let over_rounds: Vec<u64> = scenario_cases()
        .map(|case| {
            rounds_for(scenario_budget, 100, |r| {
                oversubscribed(case.sides.unwrap(), PAIRS, r).ns_per_round
            })
        })
        .collect();
    let mut over_runs: Vec<Vec<Oversubscribed>> = vec![Vec::new(); over_rounds.len()];
    for run in 0..options.scenario_runs {
        eprint!(
            "\r{PAIRS} pairs: run {}/{}   ",
            run + 1,
            options.scenario_runs
        );
        for ((case, &rounds), samples) in scenario_cases().zip(&over_rounds).zip(&mut over_runs) {
            wait_until_undisturbed(options.wait_idle);
            samples.push(oversubscribed(case.sides.unwrap(), PAIRS, rounds));
        }
    }
    let over: Vec<Summary> = over_runs
        .iter()
        .map(|runs| Summary::of(&runs.iter().map(|run| run.ns_per_round).collect::<Vec<_>>()))
        .collect();
    let over_of = |key: &str| {
        scenario_cases()
            .position(|c| c.key == key)
            .map_or(nan, |i| over[i])
    };

    // A slow partner.
    let slow_runs = options.scenario_runs.div_ceil(2);
    let mut slow = vec![Vec::new(); over.len()];
    for run in 0..slow_runs {
        eprint!("\rslow partner: run {}/{}   ", run + 1, slow_runs);
        for (case, samples) in scenario_cases().zip(&mut slow) {
            wait_until_undisturbed(options.wait_idle);
            samples.push(slow_partner(case.sides.unwrap(), SLOW_ROUNDS, NAP).cpu_percent());
        }
    }
    let slow: Vec<Summary> = slow.iter().map(|s| Summary::of(s)).collect();
    let slow_of = |key: &str| {
        scenario_cases()
            .position(|c| c.key == key)
            .map_or(nan, |i| slow[i])
    };
    let load_after = loadavg();
    eprintln!();

    // The tables.
    let _ = writeln!(report, "Machine: {machine}");
    let _ = writeln!(
        report,
        "Load average (1, 5, 15 min) before: {load_before}; after: {load_after}\n"
    );
    let _ = writeln!(
        report,
        "Sleeping handshake's heavy barrier: {}\n",
        rendezvous_lockstep::__diagnostics::sleep_barrier()
    );
    let _ = writeln!(
        report,
        "One idle pair: median ns per round of {} interleaved runs of ~{} ms each.\n",
        options.runs,
        options.budget.as_millis()
    );
    let _ = writeln!(
        report,
        "/ floor: to the fastest floor case of this run, \"{floor_name}\".\n"
    );
    let _ = writeln!(
        report,
        "| case | median ns/round | fastest | slowest | / floor |\n| --- | ---: | ---: | ---: | ---: |"
    );
    for (case, s) in cases().zip(&idle) {
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} | {:.2} |",
            case.name,
            ns(s.median),
            ns(s.min),
            ns(s.max),
            s.median / floor
        );
    }
    let barrier_over = over_of("std_barrier").median;
    let _ = writeln!(
        report,
        "\n{PAIRS} pairs at once on {} cores: median wall-clock ns per round of one pair, {} runs.\n",
        cores(),
        options.scenario_runs
    );
    let _ = writeln!(
        report,
        "| case | median ns/round | fastest | slowest | slowest / fastest | / Barrier | runs with a pair on one core |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for ((case, s), runs) in scenario_cases().zip(&over).zip(&over_runs) {
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} | {:.2} | {:.2} | {} |",
            case.name,
            ns(s.median),
            ns(s.min),
            ns(s.max),
            s.max / s.min,
            s.median / barrier_over,
            shared_runs(runs)
        );
    }
    if let Some(i) = scenario_cases().position(|c| c.key == "swap_u64") {
        let _ = writeln!(
            report,
            "\nrendezvous swap u64, run by run: {}.",
            runs_by_placement(&over_runs[i])
        );
    }
    let _ = writeln!(
        report,
        "\nSlow partner: one side sleeps {} ms before each of {SLOW_ROUNDS} rounds; CPU time of the \
         waiting side's thread as a share of wall time, median of {slow_runs} runs.\n",
        NAP.as_millis()
    );
    let _ = writeln!(
        report,
        "| case | median CPU share | lowest | highest |\n| --- | ---: | ---: | ---: |"
    );
    for (case, s) in scenario_cases().zip(&slow) {
        let _ = writeln!(
            report,
            "| {} | {:.1}% | {:.1}% | {:.1}% |",
            case.name, s.median, s.min, s.max
        );
    }

    // The targets, and where the host placed the two vCPUs for them.
    let transfer = idle_of("floor_ping_pong");
    let _ = writeln!(
        report,
        "\nTargets (medians of this run), placement: one-way line transfer {} ns \
         (fastest {}, slowest {}):\n",
        ns(transfer.median),
        ns(transfer.min),
        ns(transfer.max)
    );
    let over_ours = over_of("swap_u64");
    let targets = [
        ("swap u64 / floor", idle_of("swap_u64").median / floor, 1.15),
        (
            "swap u64 / rendezvous_swap 0.1.0 swap u64",
            idle_of("swap_u64").median / idle_of("seed_swap_u64").median,
            0.6,
        ),
        ("wait / floor", idle_of("wait").median / floor, 1.1),
        (
            "wait / one-line floor",
            idle_of("wait").median / idle_of("floor_one_line").median,
            1.05,
        ),
        (
            "swap u64 / floor with a u64 slot on the line",
            idle_of("swap_u64").median / idle_of("floor_u64_slot").median,
            1.10,
        ),
        (
            "swap 4 KiB / floor with a handed-over 4 KiB buffer",
            idle_of("swap_4k").median / idle_of("floor_handoff_4k").median,
            1.10,
        ),
        (
            "swap 4 KiB / swap u64",
            idle_of("swap_4k").median / idle_of("swap_u64").median,
            1.2,
        ),
        (
            "wait, Park / Spin",
            idle_of("wait").median / idle_of("wait_spin").median,
            1.05,
        ),
        (
            "swap u64, Park / Spin",
            idle_of("swap_u64").median / idle_of("swap_u64_spin").median,
            1.05,
        ),
        (
            "oversubscribed: swap u64 / Barrier",
            over_ours.median / barrier_over,
            0.5,
        ),
        (
            "oversubscribed: swap u64 slowest / fastest run",
            over_ours.max / over_ours.min,
            2.0,
        ),
        (
            "slow partner: swap u64 waiting side's CPU share (%)",
            slow_of("swap_u64").median,
            5.0,
        ),
    ];
    let _ = writeln!(
        report,
        "| target | measured | at most | |\n| --- | ---: | ---: | --- |"
    );
    for (what, measured, limit) in targets {
        let verdict = if measured.is_nan() {
            "not measured".to_string()
        } else if measured <= limit {
            "met".to_string()
        } else {
            let by = 100.0 * (measured / limit - 1.0);
            if by < 10.0 {
                format!("missed by {by:.1}%")
            } else {
                format!("missed by {by:.0}%")
            }
        };
        let measured = if measured.is_nan() {
            "-".to_string()
        } else {
            format!("{measured:.2}")
        };
        let _ = writeln!(report, "| {what} | {measured} | {limit} | {verdict} |");
    }
    let handoff = idle_of("floor_handoff").median;
    let _ = writeln!(
        report,
        "\nWhat a written buffer costs: floor with a handed-over line / floor {:.2}; \
         swap 4 KiB / that floor {:.2}.",
        handoff / floor,
        idle_of("swap_4k").median / handoff
    );
    print!("{report}");

    if let Some(svg) = options.svg {
        let dir = svg.parent().expect("the chart's path has a folder");
        std::fs::create_dir_all(dir).expect("cannot create the results folder");
        let md = svg.with_extension("md");
        std::fs::write(&md, &report).expect("cannot write the tables");
        let panels = [
            Panel {
                title: "One idle pair: ns per round (median)".into(),
                axis: "ns per round, log scale; note: ratio to the fastest floor".into(),
                bars: cases()
                    .zip(&idle)
                    .map(|(case, s)| Bar {
                        label: case.name.into(),
                        value: s.median,
                        kind: case.kind,
                        note: format!("{} ns  {:.2}x", ns(s.median), s.median / floor),
                    })
                    .collect(),
            },
            Panel {
                title: format!(
                    "{PAIRS} pairs on {} cores: ns per round of one pair (median)",
                    cores()
                ),
                axis: "ns per round, log scale; note: ratio to std::sync::Barrier".into(),
                bars: scenario_cases()
                    .zip(&over)
                    .map(|(case, s)| Bar {
                        label: case.name.into(),
                        value: s.median,
                        kind: case.kind,
                        note: format!("{} ns  {:.2}x", ns(s.median), s.median / barrier_over),
                    })
                    .collect(),
            },
            Panel {
                title: "Slow partner (sleeps 1 ms per round): waiting side's CPU share".into(),
                axis: "percent of wall time, log scale".into(),
                bars: scenario_cases()
                    .zip(&slow)
                    .map(|(case, s)| Bar {
                        label: case.name.into(),
                        value: s.median,
                        kind: case.kind,
                        note: format!("{:.1}%", s.median),
                    })
                    .collect(),
            },
        ];
        let caption = format!(
            "rendezvous side by side; {machine}; grey: floor, blue: rendezvous, orange: peers"
        );
        write_svg(&svg, &caption, &panels).expect("cannot write the chart");
        println!("\nwrote {} and {}", md.display(), svg.display());
    }
}

/// How many runs had a pair with both threads on one core, as "2 of 5".
fn shared_runs(runs: &[Oversubscribed]) -> String {
    let placed: Option<Vec<usize>> = runs.iter().map(|run| run.pairs_on_one_core).collect();
    match placed {
        Some(placed) => {
            let shared = placed.iter().filter(|&&pairs| pairs > 0).count();
            format!("{shared} of {}", placed.len())
        }
        None => "unknown".into(),
    }
}

/// Each run's ns per round and how many pairs shared a core, in run order:
/// "85.4 ns (pairs on one core: 0), 2291 ns (2), ...".
fn runs_by_placement(runs: &[Oversubscribed]) -> String {
    runs.iter()
        .enumerate()
        .map(|(i, run)| {
            let placed = run
                .pairs_on_one_core
                .map_or("placement unknown".to_string(), |n| n.to_string());
            if i == 0 && run.pairs_on_one_core.is_some() {
                format!("{} ns (pairs on one core: {placed})", ns(run.ns_per_round))
            } else {
                format!("{} ns ({placed})", ns(run.ns_per_round))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A figure in ns, with as many digits as help.
fn ns(x: f64) -> String {
    if x >= 1000.0 {
        format!("{:.0}", x)
    } else {
        format!("{x:.1}")
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

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
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
fn wait_until_undisturbed(max: Duration) {
    let floor = CASES[0].idle;
    let start = std::time::Instant::now();
    while start.elapsed() < max {
        let (a, b) = (floor(2_000), floor(2_000));
        if a.max(b) <= 1.25 * a.min(b) {
            return;
        }
    }
}

/// The first three fields of `/proc/loadavg`.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
