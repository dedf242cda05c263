//! The long mode of the fault campaign.
//!
//! ```text
//! cargo run --release -p fault-campaign -- [--seed S] [--runs N] [--start R]
//!                                          [--max-swaps M] [--watchdog SECS]
//! ```
//!
//! Shows a progress bar while it runs, prints every failed run with the
//! seed and run number that reproduce it (`--seed S --start R --runs 1`),
//! and ends with the summary line. Exits with 1 if any check failed.

use fault_campaign::{Config, campaign, describe};
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const USAGE: &str = "\
usage: fault-campaign [--seed S] [--runs N] [--start R] [--max-swaps M] [--watchdog SECS]

  --seed S         seeds every run (default: from the clock, printed)
  --runs N         how many runs (default 10000)
  --start R        the first run number (default 0): `--start R --runs 1`
                   replays run R of seed S alone
  --max-swaps M    the most swaps a pair makes (default 300)
  --watchdog SECS  a run that takes longer is a hang (default 60)
  --max-hangs H    stop after H hung runs (default 3)
  --quick          the quick mode of `cargo test`: its seed, runs and bounds";

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    println!(
        "fault campaign: seed {} runs {}..{} (max {} swaps per pair, watchdog {:?})",
        config.seed,
        config.start,
        config.start + config.runs,
        config.max_swaps,
        config.watchdog
    );
    let started = Instant::now();
    let bar = ProgressBar::new(config.runs);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} runs ({per_sec}, eta {eta}) {msg}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    // Without a terminal the bar is hidden: print a line every 5% instead.
    let step = (config.runs / 20).max(1);
    let summary = campaign(&config, |report, summary| {
        if !report.failures.is_empty() {
            let text = describe(&config, report);
            // `println` of a hidden bar prints nothing.
            if bar.is_hidden() {
                println!("{text}");
            } else {
                bar.println(text);
            }
        }
        bar.inc(1);
        bar.set_message(summary.to_string());
        if bar.is_hidden() && summary.runs % step == 0 {
            println!("[{:>6.1?}] {summary}", started.elapsed());
        }
    });
    bar.finish_and_clear();
    println!("{}", summary.coverage);
    println!("{:.1?}", started.elapsed());
    println!("{summary}");
    if summary.runs < config.runs {
        println!(
            "stopped early after {} hung runs (--max-hangs)",
            summary.hangs
        );
    }
    if summary.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config {
        seed: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |since| since.as_nanos() as u64),
        start: 0,
        runs: 10_000,
        max_swaps: 300,
        watchdog: Duration::from_secs(60),
        max_hangs: 3,
    };
    while let Some(flag) = args.next() {
        if flag == "--quick" {
            config = Config::quick();
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err("fault-campaign: the long mode of the fault campaign".to_owned());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|err| format!("{flag} {value}: {err}"))
        };
        match flag.as_str() {
            "--seed" => config.seed = number()?,
            "--runs" => config.runs = number()?,
            "--start" => config.start = number()?,
            "--max-swaps" => {
                config.max_swaps = u32::try_from(number()?).map_err(|err| err.to_string())?;
            }
            "--watchdog" => config.watchdog = Duration::from_secs(number()?),
            "--max-hangs" => config.max_hangs = number()?.max(1),
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    Ok(config)
}
