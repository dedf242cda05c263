//! Checks the course, `README.md`, against the compiler and its other
//! sources.
//!
//! - Every ```` ```rust ```` block compiles, and every
//!   ```` ```rust,compile_fail,E0499 ```` block fails with exactly the error
//!   codes its fence names (a `compile_fail` block with no code fails with
//!   errors that have none, such as "lifetime may not live long enough" or
//!   an error of `lockstep!`'s own). The library's doctests run the same
//!   blocks, but stable rustdoc ignores the codes of a `compile_fail` fence,
//!   so this test compiles each block itself: one crate with a binary per
//!   block, one `cargo check` for all of them.
//! - Each lesson shows code, and its fence agrees with the verdict its fold
//!   states ("Accepted", "Rejected, E0499", ..., or "Compiles, then panics"
//!   for a ```` ```rust,should_panic ```` block); the recap lists each
//!   lesson under the errors it really gives.
//! - The counts the course gives of itself (lessons, cases, exercises,
//!   words) are true.
//! - The benchmark figures of section 8 are generated from
//!   `bench/results/speed.md`, and no other figure of a run appears in the
//!   course. `UPDATE_COURSE=1` rewrites the generated part after a new run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn course() -> String {
    read(&manifest_dir().join("README.md"))
}

// ---------------------------------------------------------------------------
// The course's code blocks

/// What a block's fence says will happen to it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    /// ```` ```rust ````: compiles and runs.
    Runs,
    /// ```` ```rust,should_panic ````: compiles, then panics.
    Panics,
    /// ```` ```rust,compile_fail,E0499 ````: fails with these codes (none:
    /// with errors that have no code).
    Fails(BTreeSet<String>),
}

#[derive(Debug)]
struct Block {
    /// The line of the opening fence, as rustdoc numbers its doctests.
    line: usize,
    /// `"2.1"`, `"exercise 3"`, or `"section 0"` outside any lesson.
    lesson: String,
    /// Inside a lesson's fold (a fix or a solution), not the question.
    in_fold: bool,
    verdict: Verdict,
    /// The block as written, hidden `# ` lines included.
    text: String,
}

/// A lesson's fold: the sentence that opens it, and where it starts.
#[derive(Debug)]
struct Fold {
    lesson: String,
    line: usize,
    head: String,
}

fn is_error_code(token: &str) -> bool {
    token.len() == 5 && token.starts_with('E') && token[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The verdict of a fence's info string, or `None` if rustdoc would not
/// treat the block as Rust (`text`, `sh`, ...). An empty info string is
/// Rust, as for rustdoc.
fn fence_verdict(info: &str, line: usize) -> Option<Verdict> {
    let tokens: Vec<&str> = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let rustdoc_attribute = |t: &str| {
        matches!(
            t,
            "rust" | "compile_fail" | "should_panic" | "ignore" | "no_run" | "test_harness"
        ) || is_error_code(t)
            || t.starts_with("edition")
    };
    if !tokens.iter().all(|t| rustdoc_attribute(t)) {
        return None;
    }
    for t in &tokens {
        assert!(
            !matches!(*t, "ignore" | "no_run" | "test_harness") && !t.starts_with("edition"),
            "README.md:{line}: `{t}`: every block of the course must compile (or fail) and run as it is"
        );
    }
    let codes: BTreeSet<String> = tokens
        .iter()
        .filter(|t| is_error_code(t))
        .map(|t| t.to_string())
        .collect();
    let fails = tokens.contains(&"compile_fail");
    let panics = tokens.contains(&"should_panic");
    assert!(
        fails || codes.is_empty(),
        "README.md:{line}: an error code needs `compile_fail`"
    );
    assert!(
        !(fails && panics),
        "README.md:{line}: `compile_fail` and `should_panic` at once"
    );
    Some(if fails {
        Verdict::Fails(codes)
    } else if panics {
        Verdict::Panics
    } else {
        Verdict::Runs
    })
}

/// The lesson a line opens, if it opens one: `**2.1** ...` or
/// `**Exercise 3: ...`; a section heading `## 8. ...` ends the lesson before.
fn lesson_opened_by(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix("## ") {
        let number: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !number.is_empty() {
            return Some(format!("section {number}"));
        }
    }
    let rest = line.strip_prefix("**")?;
    if let Some(rest) = rest.strip_prefix("Exercise ") {
        let number: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        return (!number.is_empty()).then(|| format!("exercise {number}"));
    }
    let (label, _) = rest.split_once("**")?;
    let (major, minor) = label.split_once('.')?;
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (numeric(major) && numeric(minor)).then(|| label.to_string())
}

/// A fence that opens a code block, as CommonMark reads it: its length and
/// its info string. A line such as ```` ```rust ```` in running text,
/// whose "info string" holds a backtick, opens nothing.
fn opening_fence(line: &str) -> Option<(usize, &str)> {
    let len = line.len() - line.trim_start_matches('`').len();
    let info = &line[len..];
    (len >= 3 && !info.contains('`')).then_some((len, info))
}

/// Whether `line` closes a block opened by a fence of `len` backticks.
fn closes(line: &str, len: usize) -> bool {
    let line = line.trim_end();
    line.len() >= len && line.bytes().all(|b| b == b'`')
}

/// Whether each line of `course` is inside a code block (fences count as
/// inside).
fn code_lines(course: &str) -> Vec<bool> {
    let mut open: Option<usize> = None;
    course
        .lines()
        .map(|line| match open {
            Some(len) => {
                if closes(line, len) {
                    open = None;
                }
                true
            }
            None => {
                open = opening_fence(line).map(|(len, _)| len);
                open.is_some()
            }
        })
        .collect()
}

fn parse(course: &str) -> (Vec<Block>, Vec<Fold>) {
    let mut blocks = Vec::new();
    let mut folds = Vec::new();
    let mut lesson = String::from("section 0");
    let mut in_fold = false;
    let mut fold_head: Option<(usize, String)> = None; // collecting a fold's first paragraph
    let mut lines = course.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((number, line)) = lines.next() {
        if let Some((len, info)) = opening_fence(line) {
            let mut text = String::new();
            for (_, inner) in lines.by_ref() {
                if closes(inner, len) {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            if let Some(verdict) = fence_verdict(info, number) {
                blocks.push(Block {
                    line: number,
                    lesson: lesson.clone(),
                    in_fold,
                    verdict,
                    text,
                });
            }
            continue;
        }
        if let Some(opened) = lesson_opened_by(line) {
            lesson = opened;
        }
        if line.starts_with("<details>") {
            assert!(!in_fold, "README.md:{number}: a fold inside a fold");
            in_fold = true;
            fold_head = Some((number, String::new()));
        } else if line.starts_with("</details>") {
            in_fold = false;
            if let Some((start, head)) = fold_head.take()
                && !head.is_empty()
            {
                folds.push(Fold {
                    lesson: lesson.clone(),
                    line: start,
                    head,
                });
            }
        } else if let Some((start, head)) = &mut fold_head {
            if line.trim().is_empty() {
                if !head.is_empty() {
                    folds.push(Fold {
                        lesson: lesson.clone(),
                        line: *start,
                        head: std::mem::take(head),
                    });
                    fold_head = None;
                }
            } else {
                if !head.is_empty() {
                    head.push(' ');
                }
                head.push_str(line.trim());
            }
        }
    }
    (blocks, folds)
}

/// The program rustdoc makes of a block: the `# ` marks of hidden lines
/// removed, and the code wrapped in `fn main` unless it has one.
fn program(block: &Block) -> String {
    let mut code = String::new();
    for line in block.text.lines() {
        let trimmed = line.trim_start();
        if trimmed == "#" {
            code.push('\n');
            continue;
        } else if let Some(rest) = trimmed.strip_prefix("# ") {
            code.push_str(rest);
        } else if trimmed.starts_with("##") {
            code.push_str(&line.replacen("##", "#", 1));
        } else {
            code.push_str(line);
        }
        code.push('\n');
    }
    if code.contains("fn main") {
        format!("#![allow(unused)]\n{code}")
    } else {
        format!("#![allow(unused)]\nfn main() {{\n{code}}}\n")
    }
}

// ---------------------------------------------------------------------------
// Compiling the blocks

/// What `cargo check` reported about the binary of one block.
#[derive(Debug, Default)]
struct Checked {
    /// The target produced its metadata: it compiled.
    compiled: bool,
    /// Its errors: the code (if any) and the message.
    errors: Vec<(Option<String>, String)>,
}

fn bin_name(block: &Block) -> String {
    format!("line_{:04}", block.line)
}

/// Writes one binary per block into a scratch crate that depends on this
/// workspace's `rendezvous-lockstep`, checks them all with one `cargo
/// check --keep-going`, and returns what happened to each.
fn check_all(blocks: &[Block]) -> BTreeMap<String, Checked> {
    let workspace = manifest_dir().parent().unwrap();
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("course-blocks");
    let bins = scratch.join("src/bin");
    let _ = std::fs::remove_dir_all(&bins);
    std::fs::create_dir_all(&bins).unwrap();
    let runtime = workspace.join("rendezvous");
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"course-blocks\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nrendezvous-lockstep = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    // The workspace's lock file: the same dependency versions, and no
    // registry look-up.
    std::fs::copy(workspace.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    for block in blocks {
        std::fs::write(bins.join(format!("{}.rs", bin_name(block))), program(block)).unwrap();
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .args([
            "check",
            "--bins",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ])
        .output()
        .expect("cargo check of the course's blocks");
    let mut checked: BTreeMap<String, Checked> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = &message["target"];
        if !target["kind"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k == "bin"))
        {
            continue;
        }
        let Some(name) = target["name"].as_str() else {
            continue;
        };
        let entry = checked.entry(name.to_string()).or_default();
        match message["reason"].as_str() {
            Some("compiler-artifact") => entry.compiled = true,
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                let text = diagnostic["message"].as_str().unwrap_or_default();
                if diagnostic["level"] == "error" && !text.starts_with("aborting due to") {
                    let code = diagnostic["code"]["code"].as_str().map(str::to_string);
                    entry.errors.push((code, text.to_string()));
                }
            }
            _ => {}
        }
    }
    assert!(
        !checked.is_empty(),
        "cargo check reported nothing about the blocks:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    checked
}

#[test]
fn every_block_compiles_or_fails_as_its_fence_says() {
    let (blocks, _) = parse(&course());
    assert!(!blocks.is_empty(), "no Rust block found in README.md");
    let checked = check_all(&blocks);
    let mut wrong = String::new();
    for block in &blocks {
        let got = checked.get(&bin_name(block));
        let errors = got.map(|c| c.errors.as_slice()).unwrap_or_default();
        let codes: BTreeSet<String> = errors.iter().filter_map(|(code, _)| code.clone()).collect();
        let said = match &block.verdict {
            Verdict::Runs | Verdict::Panics => {
                if got.is_some_and(|c| c.compiled) && errors.is_empty() {
                    continue;
                }
                "compiles".to_string()
            }
            Verdict::Fails(expected) => {
                let codeless = errors.iter().all(|(code, _)| code.is_none());
                let right = !errors.is_empty()
                    && if expected.is_empty() {
                        codeless
                    } else {
                        codes == *expected
                    };
                if right {
                    continue;
                }
                if expected.is_empty() {
                    "fails, with errors that have no code".to_string()
                } else {
                    format!(
                        "fails with {}",
                        expected.iter().cloned().collect::<Vec<_>>().join(" and ")
                    )
                }
            }
        };
        let _ = writeln!(
            wrong,
            "README.md:{} (lesson {}): the fence says it {said}, but:",
            block.line, block.lesson
        );
        if errors.is_empty() {
            let _ = writeln!(wrong, "    it compiles");
        }
        for (code, text) in errors {
            let _ = writeln!(
                wrong,
                "    error[{}]: {text}",
                code.as_deref().unwrap_or("no code")
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "blocks that do not do what their fence says:\n{wrong}"
    );
}

// ---------------------------------------------------------------------------
// Verdicts in the folds, and the recap

/// The error codes a fold's opening sentence names: those before its first
/// `:` or `.`, as in "Rejected, E0521 and E0499: ..." or "E0499. A ...".
fn codes_named(head: &str) -> BTreeSet<String> {
    let end = head.find([':', '.']).unwrap_or(head.len());
    head[..end]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| is_error_code(t))
        .map(str::to_string)
        .collect()
}

fn is_lesson(label: &str) -> bool {
    !label.starts_with("section ")
}

#[test]
fn each_lesson_shows_code_and_its_fold_agrees_with_the_fence() {
    let (blocks, folds) = parse(&course());
    let mut wrong = String::new();
    let lessons: BTreeSet<&str> = folds
        .iter()
        .map(|f| f.lesson.as_str())
        .filter(|l| is_lesson(l))
        .collect();
    assert!(
        lessons.len() >= 37,
        "found only {} lessons and exercises with a fold",
        lessons.len()
    );
    for fold in folds.iter().filter(|f| is_lesson(&f.lesson)) {
        let question: Vec<&Block> = blocks
            .iter()
            .filter(|b| b.lesson == fold.lesson && !b.in_fold)
            .collect();
        let named = codes_named(&fold.head);
        let accepted = fold.head.starts_with("Accepted");
        let panics = fold.head.starts_with("Compiles, then panics");
        if question.is_empty() {
            let _ = writeln!(
                wrong,
                "{}: no code before its fold (README.md:{})",
                fold.lesson, fold.line
            );
            continue;
        }
        for block in &question {
            let agrees = match &block.verdict {
                Verdict::Runs => accepted,
                Verdict::Panics => panics,
                Verdict::Fails(_) => !accepted && !panics,
            };
            if !agrees {
                let _ = writeln!(
                    wrong,
                    "{}: README.md:{} is fenced {:?}, but the fold says \"{}\"",
                    fold.lesson, block.line, block.verdict, fold.head
                );
            }
        }
        if !accepted {
            let fenced: BTreeSet<String> = question
                .iter()
                .filter_map(|b| match &b.verdict {
                    Verdict::Fails(codes) => Some(codes.iter().cloned()),
                    _ => None,
                })
                .flatten()
                .collect();
            if fenced != named {
                let _ = writeln!(
                    wrong,
                    "{}: the fences name {fenced:?}, the fold's verdict {named:?}: \"{}\"",
                    fold.lesson, fold.head
                );
            }
        }
        for block in blocks
            .iter()
            .filter(|b| b.lesson == fold.lesson && b.in_fold)
        {
            if matches!(block.verdict, Verdict::Fails(_)) {
                let _ = writeln!(
                    wrong,
                    "{}: README.md:{} in the fold fails to compile; a fold shows the fix",
                    fold.lesson, block.line
                );
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "lessons whose fold and fence disagree:\n{wrong}"
    );
}

/// The lessons a recap cell lists: "2.1, 2.3, exercises 1, 2, 4".
fn lessons_listed(cell: &str) -> Vec<String> {
    let mut listed = Vec::new();
    let mut exercises = false;
    for item in cell.split(',').map(str::trim) {
        let item = match item
            .strip_prefix("exercises ")
            .or_else(|| item.strip_prefix("exercise "))
        {
            Some(rest) => {
                exercises = true;
                rest
            }
            None => item,
        };
        if item.contains('.') {
            exercises = false;
            listed.push(item.to_string());
        } else if exercises {
            listed.push(format!("exercise {item}"));
        } else {
            panic!("recap: cannot read `{item}` in `{cell}`");
        }
    }
    listed
}

#[test]
fn the_recap_lists_each_rejected_lesson_under_its_errors() {
    let course = course();
    let (blocks, folds) = parse(&course);
    let codes_of = |lesson: &str| -> BTreeSet<String> {
        blocks
            .iter()
            .filter(|b| b.lesson == lesson && !b.in_fold)
            .filter_map(|b| match &b.verdict {
                Verdict::Fails(codes) => Some(codes.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let recap = &course[course.find("## 9. Recap").expect("the recap")..];
    let mut wrong = String::new();
    // lesson -> the codes of every row that lists it
    let mut rows_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in recap.lines().filter(|l| l.starts_with("| ")).skip(2) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        let (errors, lessons) = (cells[0], lessons_listed(cells[cells.len() - 1]));
        let codes: BTreeSet<String> = errors
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| is_error_code(t))
            .map(str::to_string)
            .collect();
        // "E0499", "E0499 and E0597", "E0499, no race": only codes, so
        // each lesson listed gives them all.
        let only_codes = errors
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .all(|t| is_error_code(t) || matches!(t, "and" | "no" | "race"));
        for lesson in lessons {
            let given = codes_of(&lesson);
            if given.is_empty() && blocks.iter().all(|b| b.lesson != lesson) {
                let _ = writeln!(
                    wrong,
                    "`{errors}` lists {lesson}, which is not a lesson with code"
                );
            }
            if only_codes && !codes.is_subset(&given) {
                let _ = writeln!(wrong, "`{errors}` lists {lesson}, which gives {given:?}");
            }
            rows_of
                .entry(lesson)
                .or_default()
                .extend(codes.iter().cloned());
        }
    }
    for fold in folds.iter().filter(|f| is_lesson(&f.lesson)) {
        if fold.head.starts_with("Accepted") {
            if rows_of.contains_key(&fold.lesson) {
                let _ = writeln!(wrong, "the recap lists {}, which is accepted", fold.lesson);
            }
            continue;
        }
        match rows_of.get(&fold.lesson) {
            None => {
                let _ = writeln!(wrong, "the recap does not list {}", fold.lesson);
            }
            Some(listed) => {
                let missing: BTreeSet<_> =
                    codes_of(&fold.lesson).difference(listed).cloned().collect();
                if !missing.is_empty() {
                    let _ = writeln!(
                        wrong,
                        "the recap lists {} under no row of {missing:?}",
                        fold.lesson
                    );
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the recap disagrees with the lessons:\n{wrong}"
    );
}

// ---------------------------------------------------------------------------
// The benchmark figures

const GENERATED_START: &str = "<!-- The figures below are generated from bench/results/speed.md by tests/course.rs; after a new run, UPDATE_COURSE=1 cargo test -p rendezvous-ui-tests --test course rewrites them. -->";
const GENERATED_END: &str = "<!-- End of the generated figures. -->";

/// The rows of the markdown table that follows the line starting with
/// `title`, by their first cell.
fn table_after(speed: &str, title: &str) -> (String, BTreeMap<String, Vec<String>>) {
    let start = speed
        .lines()
        .position(|l| l.starts_with(title))
        .unwrap_or_else(|| panic!("speed.md: no line starts with {title:?}"));
    let heading = speed.lines().nth(start).unwrap().to_string();
    let rows = speed
        .lines()
        .skip(start + 1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            (cells[0].clone(), cells[1..].to_vec())
        })
        .collect();
    (heading, rows)
}

/// The words between `before` and `after` in `text`.
fn between<'a>(text: &'a str, before: &str, after: &str) -> &'a str {
    let start = text
        .find(before)
        .unwrap_or_else(|| panic!("speed.md: no {before:?} in {text:?}"))
        + before.len();
    let len = text[start..]
        .find(after)
        .unwrap_or_else(|| panic!("speed.md: no {after:?} in {text:?}"));
    &text[start..start + len]
}

/// Section 8's table and the sentence under it, from `speed.md`.
fn generated_figures(speed: &str) -> String {
    let machine = speed
        .lines()
        .find_map(|l| l.strip_prefix("Machine: "))
        .expect("speed.md: the Machine line");
    let (_, idle) = table_after(speed, "One idle pair");
    let (crowded_title, crowded) = table_after(speed, "3 pairs at once");
    let (slow_title, slow) = table_after(speed, "Slow partner");
    // "3 pairs at once on 2 cores: ..." and "Slow partner: one side sleeps 1 ms before each ..."
    let crowded_setting = between(&crowded_title, "", ":").replace(" at once", "");
    let sleep = between(&slow_title, "sleeps ", " before");
    let rows = [
        ("`RendezvousData::swap`, `u64`", "rendezvous swap u64"),
        (
            "`Mutex` + `Condvar` exchanger, `u64`",
            "Mutex + Condvar exchanger, u64",
        ),
        (
            "`std::sync::mpsc::sync_channel(0)`, one each way",
            "std::sync::mpsc::sync_channel(0) exchange",
        ),
        (
            "`crossbeam_channel::bounded(0)`, one each way",
            "crossbeam_channel::bounded(0) exchange",
        ),
    ];
    let median = |table: &BTreeMap<String, Vec<String>>, case: &str| -> String {
        table
            .get(case)
            .unwrap_or_else(|| panic!("speed.md: no row {case:?}"))[0]
            .clone()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{GENERATED_START}");
    let _ = writeln!(
        out,
        "\nMedians of the run in [`bench/results/speed.md`](../bench/results/speed.md)\n\
         (machine: {machine}): ns per round of one pair in the first two\n\
         columns, the waiting side's CPU time as a share of wall time in the last:\n"
    );
    let _ = writeln!(
        out,
        "| two threads, one exchange per round | idle pair | {crowded_setting} | waiting side's CPU, partner sleeps {sleep} per round |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
    for (name, case) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            median(&idle, case),
            median(&crowded, case),
            median(&slow, case)
        );
    }
    let others: Vec<f64> = rows[1..]
        .iter()
        .map(|(_, case)| {
            median(&slow, case)
                .trim_end_matches('%')
                .parse()
                .expect("a CPU share")
        })
        .collect();
    let (low, high) = others
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let _ = writeln!(
        out,
        "\nWhile the partner sleeps, the rendezvous's waiting side used {} of a\ncore, the others {low:.1}% to {high:.1}%.\n",
        median(&slow, rows[0].1)
    );
    let _ = write!(out, "{GENERATED_END}");
    out
}

#[test]
fn the_benchmark_figures_are_those_of_speed_md() {
    let path = manifest_dir().join("README.md");
    let course = course();
    let speed = read(&manifest_dir().join("../bench/results/speed.md"));
    let expected = generated_figures(&speed);
    let start = course
        .find(GENERATED_START)
        .expect("README.md: the start of the generated figures");
    let end = course
        .find(GENERATED_END)
        .expect("README.md: the end of the generated figures")
        + GENERATED_END.len();
    let found = &course[start..end];
    if found != expected {
        if std::env::var_os("UPDATE_COURSE").is_some() {
            std::fs::write(
                &path,
                format!("{}{expected}{}", &course[..start], &course[end..]),
            )
            .unwrap();
        } else {
            panic!(
                "README.md's benchmark figures are not those of bench/results/speed.md; \
                 UPDATE_COURSE=1 rewrites them. Expected:\n{expected}\n\nFound:\n{found}"
            );
        }
    }
    // No figure of a run anywhere else: a number followed by a unit of
    // time or a percent sign, outside the generated part and the code.
    let (first, last) = (
        course[..start].lines().count(),
        course[..end].lines().count(),
    );
    let code = code_lines(&course);
    let mut stray = Vec::new();
    for (i, line) in course.lines().enumerate() {
        if (first..last).contains(&i) || code[i] {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        for (j, word) in words.iter().enumerate() {
            let figure = word.trim_start_matches(['(', '~']);
            let numeric = figure.chars().next().is_some_and(|c| c.is_ascii_digit());
            let unit = |w: &str| {
                let w = w.trim_end_matches([',', '.', ';', ')', ':']);
                matches!(w, "ns" | "µs" | "us" | "ms")
            };
            let percent = figure
                .trim_end_matches([',', '.', ';', ')', ':'])
                .ends_with('%');
            if numeric && (percent || words.get(j + 1).is_some_and(|w| unit(w))) {
                stray.push(format!("line {}: {line}", i + 1));
            }
        }
    }
    assert!(
        stray.is_empty(),
        "figures of a run outside the generated part of README.md:\n{}",
        stray.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The counts the course gives of itself

/// The number written just before `noun` in `text`: "32 lessons",
/// "7,000 words", "the five exercises".
fn number_before(text: &str, noun: &str) -> usize {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.trim_end_matches([',', '.', ')']) == noun)
        .unwrap_or_else(|| panic!("no `{noun}` in {text:?}"));
    let word = words[at - 1].trim_start_matches('(');
    let spelled = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    spelled.iter().position(|s| *s == word).unwrap_or_else(|| {
        word.replace(',', "")
            .parse()
            .unwrap_or_else(|_| panic!("`{word} {noun}`: not a number"))
    })
}

#[test]
fn the_counts_the_course_gives_are_true() {
    let course = course();
    let how_long: String = course
        .split("\n\n")
        .find(|p| p.starts_with("**How long.**"))
        .expect("the How long paragraph")
        .replace('\n', " ");
    let (blocks, _) = parse(&course);
    let lessons: BTreeSet<&str> = blocks
        .iter()
        .map(|b| b.lesson.as_str())
        .filter(|l| l.contains('.'))
        .collect();
    let exercises: BTreeSet<&str> = blocks
        .iter()
        .map(|b| b.lesson.as_str())
        .filter(|l| l.starts_with("exercise "))
        .collect();
    // The cases the lessons of sections 1 to 6 link to.
    let lessons_part = &course[course.find("## 1. ").unwrap()..course.find("## 7. ").unwrap()];
    let cases: BTreeSet<&str> = lessons_part
        .split("](tests/ui/")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(path, _)| path))
        .filter(|path| path.ends_with(".rs"))
        .collect();
    // The words a reader reads: all but the setup lines of the blocks.
    let code = code_lines(&course);
    let words: usize = course
        .lines()
        .zip(code)
        .filter(|(l, in_code)| {
            let t = l.trim_start();
            !(*in_code && (t == "#" || t.starts_with("# ")))
        })
        .map(|(l, _)| l.split_whitespace().count())
        .sum();
    assert_eq!(
        number_before(&how_long, "lessons"),
        lessons.len(),
        "lessons: {how_long}"
    );
    assert_eq!(
        number_before(&how_long, "cases"),
        cases.len(),
        "cases: {how_long}"
    );
    assert_eq!(
        number_before(&how_long, "exercises"),
        exercises.len(),
        "exercises: {how_long}"
    );
    let stated = number_before(&how_long, "words");
    assert!(
        words.abs_diff(stated) * 10 <= stated,
        "the course has {words} words, not about {stated}: {how_long}"
    );
}
