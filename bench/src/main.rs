//! Side by side: `rendezvous-lockstep` against its peers and the hardware floor.
//!
//! ```text
//! cargo run --release -p rendezvous-bench [-- OPTIONS]
//! ```
//!
//! `--help` lists the options and the case keys (the text is
//! `rendezvous_bench::cli::help`). A thin front end: parse the command line
//! ([`cli`]), measure ([`measure`]), turn the results into Markdown tables
//! and judge the targets ([`report`]), print them, and write the tables and
//! the chart ([`chart`]) unless told not to.

use std::path::Path;
use std::process::ExitCode;

use rendezvous_bench::cli::{self, Command};
use rendezvous_bench::measure::{self, Results};
use rendezvous_bench::{chart, report};

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{}", cli::help());
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let results = measure::run(&options.plan);
    let tables = report::markdown(&results);
    print!("{tables}");
    if let Some(svg) = options.svg
        && let Err(error) = write(&svg, &tables, &results)
    {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Writes the tables beside the chart, as `.md`, and the chart to `svg`.
fn write(svg: &Path, tables: &str, results: &Results) -> Result<(), String> {
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
