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

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use rendezvous_bench::cases::Key;
use rendezvous_bench::measure::{self, Plan};
use rendezvous_bench::{chart, report};

/// What the command line asked for.
struct Options {
    plan: Plan,
    svg: Option<PathBuf>,
}

fn options() -> Options {
    let mut options = Options {
        plan: Plan::default(),
        svg: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/speed.svg")),
    };
    let plan = &mut options.plan;
    let mut only = false;
    let mut args = std::env::args().skip(1);
    let number = |arg: Option<String>, what: &str| -> u64 {
        arg.and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("{what} needs a number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => plan.runs = number(args.next(), "--runs").max(1) as usize,
            "--ms" => plan.budget = Duration::from_millis(number(args.next(), "--ms")),
            "--long" => {
                let long = Plan::long();
                (plan.runs, plan.budget, plan.scenario_runs) =
                    (long.runs, long.budget, long.scenario_runs);
            }
            "--svg" => options.svg = Some(args.next().expect("--svg needs a path").into()),
            "--no-svg" => options.svg = None,
            "--wait-idle" => {
                plan.wait_idle = Duration::from_secs(number(args.next(), "--wait-idle"));
            }
            "--idle-only" => plan.scenarios = false,
            "--only" => {
                let keys = args.next().expect("--only needs keys");
                let keys: Vec<Key> = keys
                    .split(',')
                    .map(|id| id.parse().unwrap_or_else(|e| panic!("{e}")))
                    .collect();
                plan.cases = Key::ALL
                    .iter()
                    .copied()
                    .filter(|k| keys.contains(k))
                    .collect();
                only = true;
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
    if only || !plan.scenarios {
        options.svg = None;
    }
    options
}

fn main() -> ExitCode {
    let options = options();
    let results = measure::run(&options.plan);
    let tables = report::markdown(&results);
    print!("{tables}");
    if let Some(svg) = options.svg {
        if let Err(error) = write(&svg, &tables, &results) {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Writes the tables beside the chart, as `.md`, and the chart to `svg`.
fn write(svg: &std::path::Path, tables: &str, results: &measure::Results) -> Result<(), String> {
    let md = svg.with_extension("md");
    if let Some(dir) = svg.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    std::fs::write(&md, tables).map_err(|e| format!("cannot write {}: {e}", md.display()))?;
    chart::write_svg(svg, &chart::caption(results), &chart::panels(results))
        .map_err(|e| format!("cannot write {}: {e}", svg.display()))?;
    println!("\nwrote {} and {}", md.display(), svg.display());
    Ok(())
}
