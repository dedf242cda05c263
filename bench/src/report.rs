//! Turns [`Results`] into the Markdown tables, and judges the [`TARGETS`].

use std::fmt::Write as _;

use crate::Summary;
use crate::cases::Key;
use crate::measure::{Results, Scenarios, ns_per_round};
use crate::scenarios::Oversubscribed;

/// A figure of a run, computed from its [`Results`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    /// One idle pair: the median of a case over the run's reference floor
    /// ([`Results::floor`]).
    ToFloor(Key),
    /// One idle pair: the median of the first case over the second's.
    Idle(Key, Key),
    /// 3 pairs at once: the median of the first case over the second's.
    Oversubscribed(Key, Key),
    /// 3 pairs at once: the slowest run of a case over its fastest.
    OversubscribedSpread(Key),
    /// Slow partner: the median CPU share of a case's waiting side, in
    /// percent of wall time.
    SlowPartnerCpu(Key),
}

impl Figure {
    /// Its value in `results`; `None` if a case it needs was not measured.
    pub fn of(self, results: &Results) -> Option<f64> {
        let median = |s: Summary| s.median;
        match self {
            Figure::ToFloor(key) => Some(results.idle(key)?.median / results.floor()?.1),
            Figure::Idle(a, b) => Some(median(results.idle(a)?) / median(results.idle(b)?)),
            Figure::Oversubscribed(a, b) => {
                Some(median(results.oversubscribed(a)?) / median(results.oversubscribed(b)?))
            }
            Figure::OversubscribedSpread(key) => {
                let s = results.oversubscribed(key)?;
                Some(s.max / s.min)
            }
            Figure::SlowPartnerCpu(key) => Some(results.slow_partner(key)?.median),
        }
        .filter(|x| !x.is_nan())
    }
}

/// A figure and the most it may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// What the targets table calls it.
    pub what: &'static str,
    /// What is measured.
    pub figure: Figure,
    /// Met if the figure is at most this.
    pub at_most: f64,
}

/// The targets, in the order of the table. A new target is one entry here.
pub const TARGETS: &[Target] = &[
    Target {
        what: "swap u64 / floor",
        figure: Figure::ToFloor(Key::SwapU64),
        at_most: 1.15,
    },
    Target {
        what: "swap u64 / rendezvous_swap 0.1.0 swap u64",
        figure: Figure::Idle(Key::SwapU64, Key::SeedSwapU64),
        at_most: 0.6,
    },
    Target {
        what: "wait / floor",
        figure: Figure::ToFloor(Key::Wait),
        at_most: 1.1,
    },
    Target {
        what: "wait / one-line floor",
        figure: Figure::Idle(Key::Wait, Key::FloorOneLine),
        at_most: 1.05,
    },
    Target {
        what: "swap u64 / floor with a u64 slot on the line",
        figure: Figure::Idle(Key::SwapU64, Key::FloorU64Slot),
        at_most: 1.10,
    },
    Target {
        what: "swap 4 KiB / floor with a handed-over 4 KiB buffer",
        figure: Figure::Idle(Key::Swap4k, Key::FloorHandoff4k),
        at_most: 1.10,
    },
    Target {
        what: "swap 4 KiB / swap u64",
        figure: Figure::Idle(Key::Swap4k, Key::SwapU64),
        at_most: 1.2,
    },
    Target {
        what: "wait, Park / Spin",
        figure: Figure::Idle(Key::Wait, Key::WaitSpin),
        at_most: 1.05,
    },
    Target {
        what: "swap u64, Park / Spin",
        figure: Figure::Idle(Key::SwapU64, Key::SwapU64Spin),
        at_most: 1.05,
    },
    Target {
        what: "oversubscribed: swap u64 / Barrier",
        figure: Figure::Oversubscribed(Key::SwapU64, Key::StdBarrier),
        at_most: 0.5,
    },
    Target {
        what: "oversubscribed: swap u64 slowest / fastest run",
        figure: Figure::OversubscribedSpread(Key::SwapU64),
        at_most: 2.0,
    },
    Target {
        what: "slow partner: swap u64 waiting side's CPU share (%)",
        figure: Figure::SlowPartnerCpu(Key::SwapU64),
        at_most: 5.0,
    },
];

/// The reference of the oversubscribed table's "/ Barrier" column.
pub const OVERSUBSCRIBED_REFERENCE: Key = Key::StdBarrier;

/// The case whose oversubscribed runs are listed one by one.
pub const RUN_BY_RUN: Key = Key::SwapU64;

/// How a target fared.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Verdict {
    /// At most the limit.
    Met,
    /// Over the limit by this many percent.
    Missed(f64),
    /// A case it needs did not run.
    NotMeasured,
}

impl Target {
    /// Judges this target on `results`: its figure, and the verdict.
    pub fn judge(&self, results: &Results) -> (Option<f64>, Verdict) {
        let figure = self.figure.of(results);
        let verdict = match figure {
            None => Verdict::NotMeasured,
            Some(x) if x <= self.at_most => Verdict::Met,
            Some(x) => Verdict::Missed(100.0 * (x / self.at_most - 1.0)),
        };
        (figure, verdict)
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Verdict::Met => f.write_str("met"),
            Verdict::Missed(by) if by < 10.0 => write!(f, "missed by {by:.1}%"),
            Verdict::Missed(by) => write!(f, "missed by {by:.0}%"),
            Verdict::NotMeasured => f.write_str("not measured"),
        }
    }
}

/// The whole report: tables, targets, notes.
pub fn markdown(results: &Results) -> String {
    let mut out = String::new();
    idle_table(&mut out, results);
    if let Some(scenarios) = &results.scenarios {
        scenario_tables(&mut out, results, scenarios);
    }
    targets_table(&mut out, results);
    buffer_note(&mut out, results);
    out
}

/// The run's header and the idle-pair table.
fn idle_table(out: &mut String, r: &Results) {
    let (floor_name, floor) = r
        .floor()
        .map_or(("no floor case", f64::NAN), |(key, median)| {
            (key.case().name, median)
        });
    let _ = writeln!(out, "Machine: {}", r.machine);
    let _ = writeln!(
        out,
        "Load average (1, 5, 15 min) before: {}; after: {}\n",
        r.load_before, r.load_after
    );
    let _ = writeln!(
        out,
        "Sleeping handshake's heavy barrier: {}\n",
        rendezvous_lockstep::__private::diagnostics::sleep_barrier()
    );
    let _ = writeln!(
        out,
        "One idle pair: median ns per round of {} interleaved runs of ~{} ms each.\n",
        r.runs,
        r.budget.as_millis()
    );
    let _ = writeln!(
        out,
        "/ floor: to the fastest floor case of this run, \"{floor_name}\".\n"
    );
    let _ = writeln!(
        out,
        "| case | median ns/round | fastest | slowest | / floor |\n| --- | ---: | ---: | ---: | ---: |"
    );
    for m in &r.idle {
        let s = m.value;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} |",
            m.key.case().name,
            ns(s.median),
            ns(s.min),
            ns(s.max),
            s.median / floor
        );
    }
}

/// The oversubscribed and the slow-partner tables.
fn scenario_tables(out: &mut String, r: &Results, sc: &Scenarios) {
    let reference = r
        .oversubscribed(OVERSUBSCRIBED_REFERENCE)
        .map_or(f64::NAN, |s| s.median);
    let _ = writeln!(
        out,
        "\n{} pairs at once on {} cores: median wall-clock ns per round of one pair, {} runs.\n",
        sc.pairs, r.cores, sc.runs
    );
    let _ = writeln!(
        out,
        "| case | median ns/round | fastest | slowest | slowest / fastest | / Barrier | runs with a pair on one core |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for m in &sc.oversubscribed {
        let s = ns_per_round(&m.value);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} | {:.2} | {} |",
            m.key.case().name,
            ns(s.median),
            ns(s.min),
            ns(s.max),
            s.max / s.min,
            s.median / reference,
            shared_runs(&m.value)
        );
    }
    if let Some(m) = sc.oversubscribed.iter().find(|m| m.key == RUN_BY_RUN) {
        let _ = writeln!(
            out,
            "\n{}, run by run: {}.",
            m.key.case().name,
            runs_by_placement(&m.value)
        );
    }
    let _ = writeln!(
        out,
        "\nSlow partner: one side sleeps {} ms before each of {} rounds; CPU time of the \
         waiting side's thread as a share of wall time, median of {} runs.\n",
        sc.nap.as_millis(),
        sc.slow_rounds,
        sc.slow_runs
    );
    let _ = writeln!(
        out,
        "| case | median CPU share | lowest | highest |\n| --- | ---: | ---: | ---: |"
    );
    for m in &sc.slow_partner {
        let s = m.value;
        let _ = writeln!(
            out,
            "| {} | {:.1}% | {:.1}% | {:.1}% |",
            m.key.case().name,
            s.median,
            s.min,
            s.max
        );
    }
}

/// The [`TARGETS`], judged.
fn targets_table(out: &mut String, r: &Results) {
    // Where the host placed the two vCPUs: near and far cores differ by
    // several times in what a line transfer costs, and so in every ratio.
    let _ = match r.idle(Key::FloorPingPong) {
        Some(t) => writeln!(
            out,
            "\nTargets (medians of this run), placement: one-way line transfer {} ns \
             (fastest {}, slowest {}):\n",
            ns(t.median),
            ns(t.min),
            ns(t.max)
        ),
        None => writeln!(
            out,
            "\nTargets (medians of this run), placement not measured:\n"
        ),
    };
    let _ = writeln!(
        out,
        "| target | measured | at most | |\n| --- | ---: | ---: | --- |"
    );
    for target in TARGETS {
        let (figure, verdict) = target.judge(r);
        let figure = figure.map_or("-".to_string(), |x| format!("{x:.2}"));
        let _ = writeln!(
            out,
            "| {} | {figure} | {} | {verdict} |",
            target.what, target.at_most
        );
    }
}

/// What a written buffer costs: the data floor against the reference floor,
/// and the 4 KiB swap against the data floor.
fn buffer_note(out: &mut String, r: &Results) {
    let median = |key| r.idle(key).map_or(f64::NAN, |s| s.median);
    let floor = r.floor().map_or(f64::NAN, |(_, median)| median);
    let handoff = median(Key::FloorHandoff);
    let _ = writeln!(
        out,
        "\nWhat a written buffer costs: floor with a handed-over line / floor {:.2}; \
         swap 4 KiB / that floor {:.2}.",
        handoff / floor,
        median(Key::Swap4k) / handoff
    );
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
pub fn ns(x: f64) -> String {
    if x >= 1000.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::measure::Measured;

    /// Synthetic results: one idle pair whose every median is given, the
    /// fastest and slowest 10% off.
    fn results(idle: &[(Key, f64)], scenarios: Option<Scenarios>) -> Results {
        Results {
            machine: "test machine, 2 cores".into(),
            cores: 2,
            load_before: "0.00 0.00 0.00".into(),
            load_after: "0.00 0.00 0.00".into(),
            runs: 3,
            budget: Duration::from_millis(5),
            idle: idle
                .iter()
                .map(|&(key, median)| Measured {
                    key,
                    value: Summary::of(&[0.9 * median, median, 1.1 * median]),
                })
                .collect(),
            scenarios,
        }
    }

    fn target(figure: Figure) -> &'static Target {
        TARGETS.iter().find(|t| t.figure == figure).unwrap()
    }

    #[test]
    fn the_fastest_floor_is_the_reference_and_a_data_floor_never_is() {
        let r = results(
            &[
                (Key::FloorOneLine, 40.0),
                (Key::FloorTwoLines, 30.0),
                (Key::FloorHandoff, 20.0),
            ],
            None,
        );
        assert_eq!(r.floor(), Some((Key::FloorTwoLines, 30.0)));
    }

    #[test]
    fn a_target_at_or_under_its_limit_is_met() {
        let t = target(Figure::ToFloor(Key::SwapU64));
        let r = results(&[(Key::FloorOneLine, 100.0), (Key::SwapU64, 115.0)], None);
        let (figure, verdict) = t.judge(&r);
        assert!((figure.unwrap() - 1.15).abs() < 1e-9);
        assert_eq!(verdict, Verdict::Met);
    }

    #[test]
    fn a_target_over_its_limit_is_missed_by_the_excess() {
        let t = target(Figure::Idle(Key::SwapU64, Key::SeedSwapU64));
        // 0.75 against at most 0.6: 25% over.
        let r = results(&[(Key::SwapU64, 30.0), (Key::SeedSwapU64, 40.0)], None);
        let (figure, verdict) = t.judge(&r);
        assert!((figure.unwrap() - 0.75).abs() < 1e-9);
        match verdict {
            Verdict::Missed(by) => assert!((by - 25.0).abs() < 1e-9),
            other => panic!("{other:?}"),
        }
        assert_eq!(verdict.to_string(), "missed by 25%");
        assert_eq!(Verdict::Missed(4.25).to_string(), "missed by 4.2%");
    }

    #[test]
    fn a_target_whose_cases_did_not_run_is_not_measured() {
        let r = results(&[(Key::Wait, 30.0)], None);
        for target in TARGETS {
            assert_eq!(target.judge(&r), (None, Verdict::NotMeasured), "{target:?}");
        }
    }

    #[test]
    fn scenario_targets_are_judged_on_the_scenarios() {
        let run = |ns_per_round| Oversubscribed {
            ns_per_round,
            pairs_on_one_core: Some(0),
        };
        let scenarios = Scenarios {
            pairs: 3,
            runs: 3,
            oversubscribed: vec![
                Measured {
                    key: Key::SwapU64,
                    value: vec![run(1000.0), run(2000.0), run(3000.0)],
                },
                Measured {
                    key: Key::StdBarrier,
                    value: vec![run(5000.0); 3],
                },
            ],
            slow_rounds: 200,
            nap: Duration::from_millis(1),
            slow_runs: 2,
            slow_partner: vec![Measured {
                key: Key::SwapU64,
                value: Summary::of(&[1.0, 2.0]),
            }],
        };
        let r = results(&[], Some(scenarios));
        let over = target(Figure::Oversubscribed(Key::SwapU64, Key::StdBarrier));
        assert_eq!(over.judge(&r), (Some(0.4), Verdict::Met));
        let spread = target(Figure::OversubscribedSpread(Key::SwapU64));
        assert!(matches!(spread.judge(&r), (Some(3.0), Verdict::Missed(_))));
        let slow = target(Figure::SlowPartnerCpu(Key::SwapU64));
        assert_eq!(slow.judge(&r), (Some(2.0), Verdict::Met));
        let report = markdown(&r);
        assert!(report.contains("| oversubscribed: swap u64 / Barrier | 0.40 | 0.5 | met |"));
        assert!(
            report.contains("| rendezvous swap u64 | 2000 | 1000 | 3000 | 3.00 | 0.40 | 0 of 3 |")
        );
    }

    #[test]
    fn the_report_lists_every_idle_case_and_every_target() {
        let r = results(&[(Key::FloorOneLine, 20.0), (Key::Wait, 21.0)], None);
        let report = markdown(&r);
        assert!(report.contains(
            "| floor: two counters in one line, store + spin | 20.0 | 18.0 | 22.0 | 1.00 |"
        ));
        assert!(report.contains("| rendezvous wait | 21.0 | 18.9 | 23.1 | 1.05 |"));
        assert!(report.contains("| wait / floor | 1.05 | 1.1 | met |"));
        for target in TARGETS {
            assert!(report.contains(target.what), "{}", target.what);
        }
    }
}
