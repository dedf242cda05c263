//! The command line of `rendezvous-bench`: options into a [`Command`], or
//! a one-line [`CliError`] that names the problem and the fix.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::cases::{CASES, Key, UnknownKey};
use crate::measure::{NAP, PAIRS, Plan};

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Print [`help`] and exit.
    Help,
    /// Measure and report.
    Run(Options),
}

/// The options of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// What to measure.
    pub plan: Plan,
    /// Where to write the chart (and the tables beside it, as `.md`);
    /// `None`: write no files.
    pub svg: Option<PathBuf>,
}

/// Where the chart goes unless `--svg` says otherwise: `results/speed.svg`
/// beside this package's manifest.
pub fn default_svg() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/speed.svg")
}

/// A command line that cannot be run. Its `Display` is one line for
/// `error: ...`.
#[derive(Clone, Debug, PartialEq)]
pub enum CliError {
    /// An option that does not exist.
    UnknownOption(String),
    /// A word where an option belongs.
    Unexpected(String),
    /// An option that takes a value came last.
    MissingValue(&'static Opt),
    /// An option that takes a value got one that does not parse.
    Malformed(&'static Opt, String),
    /// An option that takes no value got one (`--long=3`).
    NoValue(&'static Opt, String),
    /// `--only` named a case that does not exist.
    UnknownKey(UnknownKey),
    /// `--only` named no case at all.
    NoKeys,
    /// Another error of the parser.
    Other(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::UnknownOption(option) => write!(
                f,
                "unknown option {option:?}; the options are: {}; see --help",
                OPTIONS
                    .iter()
                    .map(|opt| opt.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            CliError::Unexpected(word) if word.parse::<Key>().is_ok() => write!(
                f,
                "unexpected argument {word:?}; to run only this case, write --only {word}"
            ),
            CliError::Unexpected(word) => write!(
                f,
                "unexpected argument {word:?}; this command takes options only; see --help"
            ),
            CliError::MissingValue(opt) => write!(
                f,
                "{} needs a value: {} {}, e.g. {} {}",
                opt.name, opt.name, opt.value, opt.name, opt.example
            ),
            CliError::Malformed(opt, value) => write!(
                f,
                "{} takes {}, not {value:?}; e.g. {} {}",
                opt.name, opt.takes, opt.name, opt.example
            ),
            CliError::NoValue(opt, value) => write!(
                f,
                "{} takes no value, not {value:?}; write {} alone",
                opt.name, opt.name
            ),
            CliError::UnknownKey(UnknownKey(key)) => write!(
                f,
                "unknown case key {key:?} for --only; the keys are: {}",
                Key::list()
            ),
            CliError::NoKeys => write!(
                f,
                "--only needs at least one case key, e.g. --only {}; the keys are: {}",
                ONLY.example,
                Key::list()
            ),
            CliError::Other(message) => write!(f, "{message}; see --help"),
        }
    }
}

impl std::error::Error for CliError {}

/// One option, for `--help` and the errors.
#[derive(Debug, PartialEq)]
pub struct Opt {
    /// `--runs`.
    pub name: &'static str,
    /// The value's placeholder, `N`; empty for a flag.
    pub value: &'static str,
    /// What the value must be: "a whole number of runs, at least 1".
    pub takes: &'static str,
    /// A valid value, for the errors' examples.
    pub example: Example,
    /// What it does, with its default; lines of `--help`.
    pub help: &'static [&'static str],
}

const RUNS: Opt = Opt {
    name: "--runs",
    value: "N",
    takes: "a whole number of runs, at least 1",
    example: Example::Text("9"),
    help: &[
        "interleaved runs of each idle-pair case",
        "[default: 9; with --long: 21]",
    ],
};
const MS: Opt = Opt {
    name: "--ms",
    value: "MS",
    takes: "a whole number of milliseconds",
    example: Example::Text("30"),
    help: &[
        "milliseconds per run of one case; a scenario run takes 4 times",
        "as long [default: 30; with --long: 200]",
    ],
};
const LONG: Opt = Opt {
    name: "--long",
    value: "",
    takes: "",
    example: Example::Text(""),
    help: &[
        "longer runs: --runs 21 --ms 200, and 9 runs of each scenario",
        "instead of 5; an explicit --runs or --ms still wins",
    ],
};
const SVG: Opt = Opt {
    name: "--svg",
    value: "PATH",
    takes: "a path",
    example: Example::Text("speed.svg"),
    help: &[
        "where to write the chart; the tables go beside it, as PATH with",
        "the extension .md [default: bench/results/speed.svg]",
    ],
};
const NO_SVG: Opt = Opt {
    name: "--no-svg",
    value: "",
    takes: "",
    example: Example::Text(""),
    help: &["write no files, only print the tables"],
};
const WAIT_IDLE: Opt = Opt {
    name: "--wait-idle",
    value: "S",
    takes: "a whole number of seconds",
    example: Example::Text("5"),
    help: &[
        "before each run of a case, wait up to S seconds until two short",
        "probes of the floor agree within 25%: for shared machines, skips",
        "moments when the machine is disturbed [default: 0: don't wait]",
    ],
};
const IDLE_ONLY: Opt = Opt {
    name: "--idle-only",
    value: "",
    takes: "",
    example: Example::Text(""),
    help: &["skip the two scenarios; implies --no-svg"],
};
const ONLY: Opt = Opt {
    name: "--only",
    value: "KEYS",
    takes: "comma-separated case keys",
    example: Example::Keys(KEYS_EXAMPLE),
    help: &[
        "only the cases with these comma-separated keys (listed below),",
        "in the table's order; implies --no-svg [default: every case]",
    ],
};
const HELP: Opt = Opt {
    name: "--help",
    value: "",
    takes: "",
    example: Example::Text(""),
    help: &["print this help (also -h)"],
};

/// A valid value of an option.
#[derive(Debug, PartialEq)]
pub enum Example {
    /// Written as it is.
    Text(&'static str),
    /// Case keys, comma-separated.
    Keys(&'static [Key]),
}

impl fmt::Display for Example {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Example::Text(text) => f.write_str(text),
            Example::Keys(keys) => {
                let ids: Vec<&str> = keys.iter().map(|key| key.id()).collect();
                f.write_str(&ids.join(","))
            }
        }
    }
}

/// The keys of `--only`'s examples.
const KEYS_EXAMPLE: &[Key] = &[Key::Wait, Key::SwapU64];

/// Every option, in the order of `--help`.
pub const OPTIONS: &[&Opt] = &[
    &RUNS, &MS, &LONG, &SVG, &NO_SVG, &WAIT_IDLE, &IDLE_ONLY, &ONLY, &HELP,
];

/// Parses the arguments after the program's name.
///
/// # Errors
///
/// A [`CliError`] for the first argument that is wrong.
pub fn parse<I>(args: I) -> Result<Command, CliError>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    use lexopt::prelude::*;

    let mut parser = lexopt::Parser::from_args(args);
    let (mut runs, mut budget, mut long) = (None, None, false);
    let mut svg = Some(default_svg());
    let mut plan = Plan::default();
    let mut only = false;
    while let Some(arg) = parser.next().map_err(from_lexopt)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("runs") => match number(&mut parser, &RUNS)? {
                0 => return Err(CliError::Malformed(&RUNS, "0".into())),
                n => runs = Some(n),
            },
            Long("ms") => budget = Some(Duration::from_millis(number(&mut parser, &MS)?)),
            Long("long") => long = true,
            Long("svg") => svg = Some(PathBuf::from(value(&mut parser, &SVG)?)),
            Long("no-svg") => svg = None,
            Long("wait-idle") => {
                plan.wait_idle = Duration::from_secs(number(&mut parser, &WAIT_IDLE)?);
            }
            Long("idle-only") => plan.scenarios = false,
            Long("only") => {
                plan.cases = keys(&string(&mut parser, &ONLY)?)?;
                only = true;
            }
            Long(option) => return Err(CliError::UnknownOption(format!("--{option}"))),
            Short(option) => return Err(CliError::UnknownOption(format!("-{option}"))),
            Value(word) => return Err(CliError::Unexpected(word.to_string_lossy().into())),
        }
    }
    if long {
        let long = Plan::long();
        plan.runs = long.runs;
        plan.budget = long.budget;
        plan.scenario_runs = long.scenario_runs;
    }
    plan.runs = runs.unwrap_or(plan.runs);
    plan.budget = budget.unwrap_or(plan.budget);
    if only || !plan.scenarios {
        svg = None;
    }
    Ok(Command::Run(Options { plan, svg }))
}

/// The value of `opt`, as the parser has it.
fn value(parser: &mut lexopt::Parser, opt: &'static Opt) -> Result<OsString, CliError> {
    parser.value().map_err(|error| match error {
        lexopt::Error::MissingValue { .. } => CliError::MissingValue(opt),
        other => from_lexopt(other),
    })
}

/// The value of `opt`, as text.
fn string(parser: &mut lexopt::Parser, opt: &'static Opt) -> Result<String, CliError> {
    value(parser, opt)?
        .into_string()
        .map_err(|value| CliError::Malformed(opt, value.to_string_lossy().into()))
}

/// The value of `opt`, as a whole number.
fn number<T: std::str::FromStr>(
    parser: &mut lexopt::Parser,
    opt: &'static Opt,
) -> Result<T, CliError> {
    let text = string(parser, opt)?;
    text.parse().map_err(|_| CliError::Malformed(opt, text))
}

/// The cases named by `--only`'s comma-separated keys, in the order of the
/// table.
fn keys(list: &str) -> Result<Vec<Key>, CliError> {
    let named = list
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| id.parse().map_err(CliError::UnknownKey))
        .collect::<Result<Vec<Key>, _>>()?;
    if named.is_empty() {
        return Err(CliError::NoKeys);
    }
    Ok(Key::ALL
        .iter()
        .copied()
        .filter(|key| named.contains(key))
        .collect())
}

/// The parser's own errors (the ones [`parse`] does not meet itself).
fn from_lexopt(error: lexopt::Error) -> CliError {
    match error {
        lexopt::Error::UnexpectedValue { option, value } => {
            match OPTIONS.iter().find(|opt| opt.name == option) {
                Some(opt) => CliError::NoValue(opt, value.to_string_lossy().into()),
                None => CliError::UnknownOption(option),
            }
        }
        other => CliError::Other(other.to_string()),
    }
}

/// The text of `--help`: every option with its default, examples, and the
/// case keys.
pub fn help() -> String {
    let mut out = format!(
        "rendezvous-bench: rendezvous-lockstep side by side with its peers and the hardware floor

Usage: cargo run --release -p rendezvous-bench [-- OPTIONS]

Measures every case with one idle pair of threads (each case run --runs times,
interleaved, medians); then, for the cases that are a pair of sides, {PAIRS} pairs
at once, and a partner that sleeps {} ms per round. Prints the tables as Markdown
with the targets met or missed, writes them to bench/results/speed.md and draws
bench/results/speed.svg. The default run takes about a minute.

Options:
",
        NAP.as_millis()
    );
    for opt in OPTIONS {
        let name = if opt.value.is_empty() {
            opt.name.to_string()
        } else {
            format!("{} {}", opt.name, opt.value)
        };
        for (i, line) in opt.help.iter().enumerate() {
            let name = if i == 0 { name.as_str() } else { "" };
            out.push_str(&format!("  {name:<16}{line}\n"));
        }
    }
    let idle_keys = Example::Keys(&[Key::FloorOneLine, Key::Wait, Key::SwapU64]);
    out.push_str(&format!(
        "
Examples:
  cargo run --release -p rendezvous-bench
  cargo run --release -p rendezvous-bench -- --ms 5 --runs 3 --no-svg
  cargo run --release -p rendezvous-bench -- --long --wait-idle 5
  cargo run --release -p rendezvous-bench -- --idle-only --only {idle_keys}

Case keys for --only (also the ids of `cargo bench -p rendezvous-bench`):
"
    ));
    let width = CASES
        .iter()
        .map(|case| case.key.id().len())
        .max()
        .unwrap_or(0);
    for case in CASES {
        out.push_str(&format!("  {:<width$}  {}\n", case.key.id(), case.name));
    }
    out.push_str(
        "\nExit status: 0 on success, 2 for a wrong command line, 1 if a file cannot be written.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Options {
        match parse(args.iter().copied()) {
            Ok(Command::Run(options)) => options,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn error(args: &[&str]) -> String {
        match parse(args.iter().copied()) {
            Err(error) => error.to_string(),
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn no_options_runs_everything_with_the_defaults() {
        let options = run(&[]);
        assert_eq!(options.plan, Plan::default());
        assert_eq!(options.plan.cases, Key::ALL);
        assert_eq!(options.svg, Some(default_svg()));
    }

    #[test]
    fn every_option_sets_its_field() {
        let options = run(&["--runs", "3", "--ms", "5", "--wait-idle", "2"]);
        assert_eq!(options.plan.runs, 3);
        assert_eq!(options.plan.budget, Duration::from_millis(5));
        assert_eq!(options.plan.wait_idle, Duration::from_secs(2));
        assert_eq!(run(&["--runs=4"]).plan.runs, 4);
        assert_eq!(run(&["--svg", "x/y.svg"]).svg, Some("x/y.svg".into()));
        assert_eq!(run(&["--no-svg"]).svg, None);
        assert_eq!(
            run(&["--no-svg", "--svg", "a.svg"]).svg,
            Some("a.svg".into())
        );
        let idle_only = run(&["--idle-only"]);
        assert!(!idle_only.plan.scenarios);
        assert_eq!(idle_only.svg, None);
        assert!(matches!(parse(["--help"]), Ok(Command::Help)));
        assert!(matches!(parse(["--runs", "3", "-h"]), Ok(Command::Help)));
    }

    #[test]
    fn long_sets_longer_defaults_that_explicit_values_override() {
        let long = run(&["--long"]).plan;
        assert_eq!(
            (long.runs, long.budget, long.scenario_runs),
            (21, Duration::from_millis(200), 9)
        );
        let mixed = run(&["--ms", "50", "--long"]).plan;
        assert_eq!((mixed.runs, mixed.budget), (21, Duration::from_millis(50)));
    }

    #[test]
    fn only_picks_cases_in_table_order_and_writes_no_files() {
        let options = run(&["--only", "swap_u64, wait,"]);
        assert_eq!(options.plan.cases, [Key::Wait, Key::SwapU64]);
        assert_eq!(options.svg, None);
    }

    #[test]
    fn each_error_names_the_problem_and_the_fix() {
        assert!(
            error(&["--fast"])
                .starts_with("unknown option \"--fast\"; the options are: --runs, --ms,")
        );
        assert!(error(&["-x"]).starts_with("unknown option \"-x\";"));
        assert_eq!(
            error(&["wait"]),
            "unexpected argument \"wait\"; to run only this case, write --only wait"
        );
        assert_eq!(
            error(&["now"]),
            "unexpected argument \"now\"; this command takes options only; see --help"
        );
        assert_eq!(
            error(&["--runs"]),
            "--runs needs a value: --runs N, e.g. --runs 9"
        );
        assert_eq!(
            error(&["--runs", "many"]),
            "--runs takes a whole number of runs, at least 1, not \"many\"; e.g. --runs 9"
        );
        assert_eq!(
            error(&["--runs", "0"]),
            "--runs takes a whole number of runs, at least 1, not \"0\"; e.g. --runs 9"
        );
        assert_eq!(
            error(&["--ms", "-5"]),
            "--ms takes a whole number of milliseconds, not \"-5\"; e.g. --ms 30"
        );
        assert_eq!(
            error(&["--wait-idle", "1.5"]),
            "--wait-idle takes a whole number of seconds, not \"1.5\"; e.g. --wait-idle 5"
        );
        assert_eq!(
            error(&["--svg"]),
            "--svg needs a value: --svg PATH, e.g. --svg speed.svg"
        );
        assert_eq!(
            error(&["--long=3"]),
            "--long takes no value, not \"3\"; write --long alone"
        );
        assert_eq!(
            error(&["--only", "wait,waitt"]),
            format!(
                "unknown case key \"waitt\" for --only; the keys are: {}",
                Key::list()
            )
        );
        assert!(error(&["--only", ","]).starts_with("--only needs at least one case key"));
        assert_eq!(
            error(&["--only"]),
            "--only needs a value: --only KEYS, e.g. --only wait,swap_u64"
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_value_that_is_no_text_is_malformed() {
        use std::os::unix::ffi::OsStringExt;
        let args = [
            OsString::from("--svg"),
            OsString::from_vec(vec![b'a', 0xff]),
        ];
        assert!(matches!(parse(args), Ok(Command::Run(_))));
        let args = [OsString::from("--ms"), OsString::from_vec(vec![0xff])];
        assert_eq!(
            parse(args).unwrap_err().to_string(),
            "--ms takes a whole number of milliseconds, not \"\u{fffd}\"; e.g. --ms 30"
        );
    }

    #[test]
    fn help_lists_every_option_and_every_key() {
        let help = help();
        for opt in OPTIONS {
            assert!(help.contains(opt.name), "{}", opt.name);
        }
        for &key in Key::ALL {
            assert!(help.contains(key.id()), "{key}");
        }
        assert!(help.contains("[default: 9;"));
    }
}
