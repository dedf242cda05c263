#!/usr/bin/env bash
# What rendezvous-lockstep costs a user's cold build.
#
# Builds three pairs of fresh user projects (debug, `cargo build`, each run
# with its own empty target directory), interleaved A B A B ..., and prints
# the medians and the per-run ratios A/B:
#
#   (a) a lockstep! program           vs  the same program over crossbeam-channel
#   (b) a serde-derive project + rendezvous-lockstep (after)  vs  without (before)
#   (c) the runtime alone (std, no macros)  vs  the same program over crossbeam-channel
#
# Usage: bench/build-cost.sh [--runs N] [--warmup N] [--keep]
#        RUNS=1 bench/build-cost.sh            # a quick smoke test
# Environment: RUNS (counted runs per project, default 5), WARMUP (default 1),
# KEEP=1 (keep the temporary projects), TMPDIR (where they go).
# Needs only bash, coreutils, awk and a rustup toolchain; the network only for
# resolving and downloading the crates once, before anything is timed.
set -euo pipefail
shopt -s inherit_errexit

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
KEEP=${KEEP:-0}
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift 2 ;;
        --runs=*) RUNS=${1#*=}; shift ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --warmup=*) WARMUP=${1#*=}; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, not '$RUNS'" >&2; exit 2; }
[[ $WARMUP =~ ^[0-9]+$ ]] || { echo "WARMUP must be a non-negative integer, not '$WARMUP'" >&2; exit 2; }

# The targets of the ratios, "at most" (from DESIGN.md, "Dependencies").
TARGET_B=1.25
TARGET_C=1.20

# `time` reports with the locale's decimal mark; awk must read it back.
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f $ROOT/rendezvous/Cargo.toml && -f $ROOT/rendezvous-macros/Cargo.toml ]] \
    || { echo "no workspace at $ROOT (the script lives in its bench/)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")
cleanup() {
    if [[ $KEEP == 1 ]]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# A user's build, not ours: no compiler wrapper (no sccache), no extra flags,
# no colour in the logs.
export RUSTC_WRAPPER= RUSTC_WORKSPACE_WRAPPER= CARGO_BUILD_RUSTC_WRAPPER=
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_TARGET_DIR CARGO_BUILD_TARGET
export CARGO_TERM_COLOR=never CARGO_TERM_PROGRESS_WHEN=never
# CARGO_INCREMENTAL=0: the workspace's packages come in by path, and cargo
# compiles path dependencies incrementally in debug builds, as it does the
# user's own crate, where a registry dependency is never incremental. Off for
# every build, so rendezvous-lockstep costs here what it costs from
# crates.io; the user's own main.rs is too small for the difference to show.
export CARGO_INCREMENTAL=0

# ---------------------------------------------------------------- the projects

# new_project NAME DEPENDENCY-LINES: a cargo-new layout with its own Cargo.toml.
# The empty [workspace] keeps a workspace around TMPDIR from claiming it.
new_project() {
    local dir=$WORK/$1
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
$2

[workspace]
EOF
}

RT_PATH="path = \"$ROOT/rendezvous\""
DEP_LOCKSTEP="rendezvous-lockstep = { $RT_PATH }"
DEP_RUNTIME="rendezvous-lockstep = { $RT_PATH, default-features = false, features = [\"std\"] }"
DEP_CHANNEL='crossbeam-channel = "0.5"'
DEP_SERDE='serde = { version = "1", features = ["derive"] }'

# The same exchange three ways: left fills a Vec and hands it over, right sums
# what it gets, both end after ROUNDS rounds.
CHANNEL_MAIN='use crossbeam_channel::bounded;
use std::thread;

fn main() {
    let rounds = 1000u32;
    // Capacity 1: each side sends its buffer, then takes the other one.
    let (to_right, from_left) = bounded::<Vec<u32>>(1);
    let (to_left, from_right) = bounded::<Vec<u32>>(1);
    let (sent, sum) = thread::scope(|s| {
        let right = s.spawn(move || {
            let (mut buf, mut sum) = (Vec::new(), 0u64);
            for _ in 0..rounds {
                to_left.send(buf).unwrap();
                buf = from_left.recv().unwrap();
                sum += buf.iter().map(|&x| u64::from(x)).sum::<u64>();
            }
            sum
        });
        let mut buf = Vec::new();
        for i in 0..rounds {
            buf.clear();
            buf.extend(i..i + 4);
            to_right.send(buf).unwrap();
            buf = from_right.recv().unwrap();
        }
        (rounds, right.join().unwrap())
    });
    println!("left sent {sent} batches, right summed {sum}");
}'

LOCKSTEP_MAIN='use rendezvous_lockstep::lockstep;

fn main() {
    let rounds = 1000u32;
    let (sent, sum) = lockstep! {
        <Vec<u32>>
        left |buf = Vec::new()| {
            for i in 0..rounds {
                buf.clear();
                buf.extend(i..i + 4);
                swap!(buf);
            }
            rounds
        }
        right |buf = Vec::new()| {
            let mut sum = 0u64;
            for _ in 0..rounds {
                swap!(buf);
                sum += buf.iter().map(|&x| u64::from(x)).sum::<u64>();
            }
            sum
        }
    };
    println!("left sent {sent} batches, right summed {sum}");
}'

RUNTIME_MAIN='use rendezvous_lockstep::RendezvousData;
use std::thread;

fn main() {
    let rounds = 1000u32;
    let (mut left, mut right) = RendezvousData::new(Vec::<u32>::new(), Vec::new());
    let (sent, sum) = thread::scope(|s| {
        let right = s.spawn(move || {
            let mut sum = 0u64;
            for _ in 0..rounds {
                let buf = right.swap();
                sum += buf.iter().map(|&x| u64::from(x)).sum::<u64>();
            }
            sum
        });
        for i in 0..rounds {
            let buf = left.get_mut();
            buf.clear();
            buf.extend(i..i + 4);
            left.swap();
        }
        (rounds, right.join().unwrap())
    });
    println!("left sent {sent} batches, right summed {sum}");
}'

SERDE_COMMON='use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
struct Frame {
    id: u32,
    name: String,
    samples: Vec<f32>,
}

fn is_serde<T: Serialize + for<'"'"'de> Deserialize<'"'"'de>>(_: &T) -> bool {
    true
}
'
SERDE_BEFORE_MAIN="$SERDE_COMMON
fn main() {
    let frame = Frame { id: 1, name: \"first\".into(), samples: vec![0.5, 1.5] };
    println!(\"{frame:?}, serde: {}\", is_serde(&frame));
}"
SERDE_AFTER_MAIN="use rendezvous_lockstep::lockstep;
$SERDE_COMMON
fn main() {
    let frame = Frame { id: 1, name: \"first\".into(), samples: vec![0.5, 1.5] };
    println!(\"{frame:?}, serde: {}\", is_serde(&frame));
    let (left, right) = lockstep! {
        left |f = frame.clone()| { swap!(f); f.id }
        right |f = Frame::default()| { swap!(f); f.id }
    };
    println!(\"after the swap: left holds frame {left}, right frame {right}\");
}"

new_project a-lockstep "$DEP_LOCKSTEP";                printf '%s\n' "$LOCKSTEP_MAIN" >"$WORK/a-lockstep/src/main.rs"
new_project a-channel "$DEP_CHANNEL";                  printf '%s\n' "$CHANNEL_MAIN" >"$WORK/a-channel/src/main.rs"
new_project b-serde-after "$DEP_SERDE
$DEP_LOCKSTEP";                                        printf '%s\n' "$SERDE_AFTER_MAIN" >"$WORK/b-serde-after/src/main.rs"
new_project b-serde-before "$DEP_SERDE";               printf '%s\n' "$SERDE_BEFORE_MAIN" >"$WORK/b-serde-before/src/main.rs"
new_project c-runtime "$DEP_RUNTIME";                  printf '%s\n' "$RUNTIME_MAIN" >"$WORK/c-runtime/src/main.rs"
new_project c-channel "$DEP_CHANNEL";                  printf '%s\n' "$CHANNEL_MAIN" >"$WORK/c-channel/src/main.rs"
PROJECTS=(a-lockstep a-channel b-serde-after b-serde-before c-runtime c-channel)
mkdir -p "$WORK/logs" "$WORK/results"

# ---------------------------------------------------------------- helpers

context() {
    echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 </proc/loadavg) (1/5/15 min); $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    # From inside the temporary directory: the toolchain a user there gets,
    # not the one the workspace pins for itself.
    echo "toolchain: $(cd "$WORK" && rustc -V); $(cd "$WORK" && cargo -V)"
    echo "workspace: $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no git')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ', with local changes'))"
}

# median: of the numbers on stdin, one a line (the mean of the middle two
# for an even count).
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# summary UNIT: "median (min-max)" of the numbers on stdin.
summary() {
    sort -g | awk -v u="$1" '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.2f%s (%.2f-%.2f)", m, u, v[1], v[NR] }'
}
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "met" : "missed") }'; }

# build NAME: one cold debug build in a fresh target directory, deleted after.
# Prints "wall cpu" in seconds, cpu = user + sys of cargo and everything it ran.
build() {
    local name=$1 target=$WORK/target-$1 log=$WORK/logs/$1.log t
    rm -rf "$target"
    # The bash keyword rather than /usr/bin/time, which a bare Debian lacks.
    TIMEFORMAT='%3R %3U %3S'
    if ! t=$({ time (cd "$WORK/$name" && CARGO_TARGET_DIR="$target" \
            cargo build --offline --locked >"$log" 2>&1); } 2>&1); then
        echo "cargo build failed for $name; the end of its log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
    rm -rf "$target"
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t"
}

# ---------------------------------------------------------------- resolve, fetch

echo "== build cost of rendezvous-lockstep for a user: cold debug builds, $RUNS counted run(s) after $WARMUP warm-up"
context
echo
echo "resolving and downloading (online, untimed) ..."
for p in "${PROJECTS[@]}"; do
    if ! (cd "$WORK/$p" && cargo generate-lockfile -q 2>"$WORK/logs/$p.lock.log"); then
        echo "  $p: resolving online failed, trying the local registry cache" >&2
        (cd "$WORK/$p" && cargo generate-lockfile -q --offline)
    fi
    (cd "$WORK/$p" && cargo fetch --locked -q)
done

# ---------------------------------------------------------------- the runs

# run_pair A B: WARMUP + RUNS rounds of "build A, build B".
run_pair() {
    local a=$1 b=$2 i label out wa ca wb cb
    for ((i = 1 - WARMUP; i <= RUNS; i++)); do
        out=$(build "$a"); read -r wa ca <<<"$out"
        out=$(build "$b"); read -r wb cb <<<"$out"
        if ((i <= 0)); then
            label="warm-up"
            # The build logs of the first run say what gets compiled.
            cp "$WORK/logs/$a.log" "$WORK/logs/$a.units.log"
            cp "$WORK/logs/$b.log" "$WORK/logs/$b.units.log"
        else
            label="run $i/$RUNS"
            echo "$wa $ca" >>"$WORK/results/$a"
            echo "$wb $cb" >>"$WORK/results/$b"
            awk -v wa="$wa" -v ca="$ca" -v wb="$wb" -v cb="$cb" \
                'BEGIN { printf "%.4f %.4f\n", wa / wb, ca / cb }' >>"$WORK/results/$a.over.$b"
        fi
        printf '  %-9s %-15s wall %6.2f s  cpu %6.2f s   %-15s wall %6.2f s  cpu %6.2f s\n' \
            "$label" "$a" "$wa" "$ca" "$b" "$wb" "$cb"
    done
    if ((WARMUP == 0)); then
        cp "$WORK/logs/$a.log" "$WORK/logs/$a.units.log"
        cp "$WORK/logs/$b.log" "$WORK/logs/$b.units.log"
    fi
}

START=$SECONDS
echo
echo "(a) lockstep! program vs the same over crossbeam-channel"
run_pair a-lockstep a-channel
echo "(b) serde-derive project with rendezvous-lockstep (after) vs without (before)"
run_pair b-serde-after b-serde-before
echo "(c) runtime alone (std, no macros) vs the same over crossbeam-channel"
run_pair c-runtime c-channel
ELAPSED=$((SECONDS - START))

# ---------------------------------------------------------------- the report

# col FILE N: column N of a results file, one value per counted run.
col() { awk -v c="$2" '{ print $c }' "$WORK/results/$1"; }

echo
echo "== cold debug build in seconds: median (min-max) of $RUNS run(s)"
printf '%-16s  %-22s  %s\n' project wall "cpu (user+sys)"
for p in "${PROJECTS[@]}"; do
    printf '%-16s  %-22s  %s\n' "$p" "$(col "$p" 1 | summary '')" "$(col "$p" 2 | summary '')"
done

echo
echo "== ratios A/B: median (min-max) of the $RUNS per-run ratio(s), against the target"
printf '%-40s  %-20s  %-20s  %-7s  %s\n' pair wall cpu "at most" "wall, cpu"
ratio_row() { # LABEL A B TARGET ("-": none)
    local r=$2.over.$3 w c verdicts=
    w=$(col "$r" 1 | median); c=$(col "$r" 2 | median)
    [[ $4 == - ]] || verdicts="$(verdict "$w" "$4"), $(verdict "$c" "$4")"
    printf '%-40s  %-20s  %-20s  %-7s  %s\n' "$1" "$(col "$r" 1 | summary x)" "$(col "$r" 2 | summary x)" \
        "$([[ $4 == - ]] && echo - || echo "${4}x")" "${verdicts:-(no target)}"
}
ratio_row "(a) lockstep! / crossbeam-channel" a-lockstep a-channel -
ratio_row "(b) serde + rendezvous-lockstep / serde" b-serde-after b-serde-before "$TARGET_B"
ratio_row "(c) runtime alone / crossbeam-channel" c-runtime c-channel "$TARGET_C"

echo
echo "== what each project locks and compiles"
echo "locked: packages in Cargo.lock (all targets, the project included); compiled: crates cargo compiled on this host"
printf '%-16s  %6s  %8s  %-5s  %-9s  %-10s  %s\n' project locked compiled loom generator scoped-tls "syn versions (used by)"
has() { grep -q "^name = \"$1\"$" "$2" && echo yes || echo no; }
# syn_versions LOCKFILE: each syn version, with the packages that depend on it.
syn_versions() {
    awk '
        /^\[\[package\]\]/ { in_deps = 0 }
        /^name = / { name = $3; gsub(/"/, "", name) }
        /^version = / && name == "syn" { v = $3; gsub(/"/, "", v); vs[++n] = v }
        /^dependencies = \[/ { in_deps = 1; next }
        in_deps && /^\]/ { in_deps = 0 }
        in_deps { d = $0; gsub(/[",]/, "", d); sub(/^ +/, "", d); if (d == "syn" || d ~ /^syn [0-9]/) users[++u] = name "=" d }
        END {
            for (i = 1; i <= n; i++) {
                list = ""
                for (j = 1; j <= u; j++) {
                    split(users[j], f, "="); dv = f[2]; sub(/^syn */, "", dv)
                    if (dv == vs[i] || (dv == "" && n == 1)) list = list (list == "" ? "" : ", ") f[1]
                }
                printf "%s%s (%s)", (i > 1 ? "; " : ""), vs[i], list
            }
        }' "$1"
}
for p in "${PROJECTS[@]}"; do
    lock=$WORK/$p/Cargo.lock
    syns=$(syn_versions "$lock")
    printf '%-16s  %6d  %8d  %-5s  %-9s  %-10s  %s\n' "$p" \
        "$(grep -c '^name = ' "$lock")" "$(grep -c '^ *Compiling ' "$WORK/logs/$p.units.log" || true)" \
        "$(has loom "$lock")" "$(has generator "$lock")" "$(has scoped-tls "$lock")" "${syns:-none}"
done

echo
echo "timed builds took ${ELAPSED} s in all"
context
