//! One idle pair of threads meeting in lockstep: the floors, this crate and
//! its peers, each as a pair of sides that run one round per call.
//!
//! A *round* is one meeting of the two threads: a `wait`, a `swap`, or an
//! exchange of one value each way through a peer.

use std::hint::{black_box, spin_loop};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering, fence};
use std::sync::{Arc, Barrier, Condvar, Mutex};
use std::time::Instant;

use rendezvous_lockstep::{Rendezvous, RendezvousData, Waiting};

use crate::{Sides, boxed, idle_pair, per_round};

/// What a case is, for the table and the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Raw atomics: what any rendezvous between two cores costs at least.
    Floor,
    /// This crate.
    Ours,
    /// Another crate or `std`.
    Peer,
}

/// One measured case.
pub struct Case {
    /// A stable key, for criterion ids and for the targets.
    pub key: &'static str,
    /// What the table and the chart call it.
    pub name: &'static str,
    /// What it is.
    pub kind: Kind,
    /// Runs this many rounds of one idle pair; returns ns per round.
    pub idle: fn(u64) -> f64,
    /// Its two sides, boxed, for the [`scenarios`](crate::scenarios);
    /// `None` for cases that are no pair of sides (floors, `lockstep`).
    pub sides: Option<fn() -> Sides>,
    /// Whether a waiting side only ever spins (burns its core until the
    /// partner comes).
    pub pure_spin: bool,
}

/// A case made of a function that returns its two sides.
macro_rules! pair_case {
    ($key:literal, $name:literal, $kind:expr, $make:expr, pure_spin: $spin:expr) => {
        Case {
            key: $key,
            name: $name,
            kind: $kind,
            idle: |rounds| idle_pair(rounds, $make()),
            sides: Some(|| boxed($make())),
            pure_spin: $spin,
        }
    };
}

/// Every case, in the order of the table.
pub const CASES: &[Case] = &[
    Case {
        key: "floor_one_line",
        name: "floor: two counters in one line, store + spin",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: "floor_fenced",
        name: "floor + SeqCst fence (the sleep handshake's price)",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line_fenced()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: "floor_ping_pong",
        name: "floor: one-way line transfer (ping-pong / 2)",
        kind: Kind::Floor,
        idle: ping_pong,
        sides: None,
        pure_spin: true,
    },
    Case {
        key: "floor_two_lines",
        name: "floor: two counters on two padded lines",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, two_lines()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: "floor_handoff",
        name: "floor: one line + a handed-over line written per round",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line_handoff()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: "floor_u64_slot",
        name: "floor: one line, a u64 slot written per round",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line_u64_slot()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: "floor_handoff_4k",
        name: "floor: one line + a handed-over 4 KiB buffer",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line_handoff_page()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: "floor_structured",
        name: "floor as the runtime is structured: arrival not inlined, cold spin",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line_structured()),
        sides: None,
        pure_spin: true,
    },
    pair_case!(
        "wait",
        "rendezvous wait",
        Kind::Ours,
        || wait(Waiting::Park),
        pure_spin: false
    ),
    pair_case!(
        "wait_spin",
        "rendezvous wait (Waiting::Spin)",
        Kind::Ours,
        || wait(Waiting::Spin),
        pure_spin: true
    ),
    pair_case!(
        "swap_u64",
        "rendezvous swap u64",
        Kind::Ours,
        || swap_u64(Waiting::Park),
        pure_spin: false
    ),
    pair_case!(
        "swap_u64_spin",
        "rendezvous swap u64 (Waiting::Spin)",
        Kind::Ours,
        || swap_u64(Waiting::Spin),
        pure_spin: true
    ),
    pair_case!(
        "swap_4k",
        "rendezvous swap 4 KiB, one field written",
        Kind::Ours,
        swap_page,
        pure_spin: false
    ),
    Case {
        key: "lockstep",
        name: "rendezvous lockstep! round, u64",
        kind: Kind::Ours,
        idle: lockstep_round,
        sides: None,
        pure_spin: false,
    },
    pair_case!(
        "seed_wait",
        "rendezvous_swap 0.1.0 wait",
        Kind::Peer,
        seed_wait,
        pure_spin: true
    ),
    pair_case!(
        "seed_swap_u64",
        "rendezvous_swap 0.1.0 swap u64",
        Kind::Peer,
        seed_swap_u64,
        pure_spin: true
    ),
    pair_case!(
        "std_barrier",
        "std::sync::Barrier::new(2)",
        Kind::Peer,
        std_barrier,
        pure_spin: false
    ),
    pair_case!(
        "condvar_exchanger",
        "Mutex + Condvar exchanger, u64",
        Kind::Peer,
        condvar_exchanger,
        pure_spin: false
    ),
    pair_case!(
        "sync_channel",
        "std::sync::mpsc::sync_channel(0) exchange",
        Kind::Peer,
        sync_channel,
        pure_spin: false
    ),
    pair_case!(
        "crossbeam_bounded",
        "crossbeam_channel::bounded(0) exchange",
        Kind::Peer,
        crossbeam_bounded,
        pure_spin: false
    ),
];

/// The case with this key.
///
/// # Panics
///
/// If there is none.
pub fn case(key: &str) -> &'static Case {
    CASES
        .iter()
        .find(|case| case.key == key)
        .unwrap_or_else(|| panic!("no case {key:?}"))
}

/// Two 32-bit counters in one cache line (and nothing else on its 128-byte
/// pair of lines).
#[repr(C, align(128))]
struct Line([AtomicU32; 2]);

/// A counter alone on its 128-byte pair of lines.
#[repr(C, align(128))]
struct Padded(AtomicU32);

/// Stores round `i + 1` into this side's counter, then spins while the
/// partner's counter is still at round `i`.
#[inline(always)]
fn store_and_spin(mine: &AtomicU32, partner: &AtomicU32, i: u64) {
    let n = (i + 1) as u32;
    mine.store(n, Ordering::Release);
    while partner.load(Ordering::Acquire) == n.wrapping_sub(1) {
        spin_loop();
    }
}

/// The floor: both counters in one line, each side storing its own and
/// spinning on the other's. No fence, no flags, no slow path.
fn one_line() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let line = Arc::new(Line([AtomicU32::new(0), AtomicU32::new(0)]));
    let side = |me: usize| {
        let line = Arc::clone(&line);
        move |i| store_and_spin(&line.0[me], &line.0[me ^ 1], i)
    };
    (side(0), side(1))
}

/// [`one_line`] with a SeqCst fence between the store and the loads: what
/// `rendezvous-lockstep` paid on every arrival with `std` so that a sleeping
/// partner is never missed, before the sleeper took the whole price (and
/// still pays where the system has no process-wide barrier).
fn one_line_fenced() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let line = Arc::new(Line([AtomicU32::new(0), AtomicU32::new(0)]));
    let side = |me: usize| {
        let line = Arc::clone(&line);
        move |i: u64| {
            let n = (i + 1) as u32;
            line.0[me].store(n, Ordering::Release);
            fence(Ordering::SeqCst);
            while line.0[me ^ 1].load(Ordering::Acquire) == n.wrapping_sub(1) {
                spin_loop();
            }
        }
    };
    (side(0), side(1))
}

/// The seed's layout: each counter on a line of its own, so a rendezvous
/// moves two lines.
fn two_lines() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let lines = Arc::new([Padded(AtomicU32::new(0)), Padded(AtomicU32::new(0))]);
    let side = |me: usize| {
        let lines = Arc::clone(&lines);
        move |i| store_and_spin(&lines[me].0, &lines[me ^ 1].0, i)
    };
    (side(0), side(1))
}

/// What a swap of a large buffer costs at least: [`one_line`], and before
/// each arrival a side writes one field of the buffer it owns, which its
/// partner wrote the round before. As with `RendezvousData`, side `s` owns
/// buffer `(round + s) % 2`, so each written line changes cores every round.
fn one_line_handoff() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let line = Arc::new(Line([AtomicU32::new(0), AtomicU32::new(0)]));
    let buffers = Arc::new([Padded(AtomicU32::new(0)), Padded(AtomicU32::new(0))]);
    let side = |me: usize| {
        let (line, buffers) = (Arc::clone(&line), Arc::clone(&buffers));
        move |i: u64| {
            // A plain write in `RendezvousData`; Relaxed is its atomic twin:
            // ordered before the arrival by the Release store that follows.
            buffers[(i as usize + me) % 2]
                .0
                .store(i as u32, Ordering::Relaxed);
            store_and_spin(&line.0[me], &line.0[me ^ 1], i);
        }
    };
    (side(0), side(1))
}

/// Two counters and two `u64` slots, all in one cache line.
#[repr(C, align(128))]
struct SlotLine {
    counters: [AtomicU32; 2],
    slots: [AtomicU64; 2],
}

/// What a swap of a `u64` costs at least: [`one_line`] with the two slots
/// on the counters' line. Each round a side increments the slot it holds
/// (side `s` holds slot `(round + s) % 2`, as in `RendezvousData`), then
/// arrives; the slots trade places at every rendezvous.
fn one_line_u64_slot() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let line = Arc::new(SlotLine {
        counters: [AtomicU32::new(0), AtomicU32::new(0)],
        slots: [AtomicU64::new(0), AtomicU64::new(0)],
    });
    let side = |me: usize| {
        let line = Arc::clone(&line);
        move |i: u64| {
            // A plain read and write in `RendezvousData`; Relaxed is their
            // atomic twin, ordered by the Release store and Acquire loads.
            let slot = &line.slots[(i as usize + me) % 2];
            slot.store(slot.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
            store_and_spin(&line.counters[me], &line.counters[me ^ 1], i);
        }
    };
    (side(0), side(1))
}

/// A 4 KiB buffer of atomics, aligned as a page.
#[repr(C, align(4096))]
struct AtomicPage([AtomicU64; 512]);

/// What a swap of a 4 KiB buffer with one field written costs at least:
/// [`one_line`], and before each arrival a side writes field [`PAGE_FIELD`]
/// of the 4 KiB buffer it holds (side `s` holds buffer `(round + s) % 2`).
fn one_line_handoff_page() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let line = Arc::new(Line([AtomicU32::new(0), AtomicU32::new(0)]));
    let page = || AtomicPage(std::array::from_fn(|_| AtomicU64::new(0)));
    let pages = Arc::new([page(), page()]);
    let side = |me: usize| {
        let (line, pages) = (Arc::clone(&line), Arc::clone(&pages));
        move |i: u64| {
            // Relaxed: as in `one_line_handoff`.
            pages[(i as usize + me) % 2].0[PAGE_FIELD].store(i, Ordering::Relaxed);
            store_and_spin(&line.0[me], &line.0[me ^ 1], i);
        }
    };
    (side(0), side(1))
}

/// Stores this side's arrival and returns at once if the partner is there;
/// else calls the cold spin. Not inlined, as a handle's arrival.
#[inline(never)]
fn arrive(mine: &AtomicU32, partner: &AtomicU32, i: u64) {
    let n = (i + 1) as u32;
    mine.store(n, Ordering::Release);
    if partner.load(Ordering::Acquire) == n.wrapping_sub(1) {
        spin_cold(partner, n.wrapping_sub(1));
    }
}

/// The spin of [`arrive`], out of line as the runtime's slow path.
#[cold]
#[inline(never)]
fn spin_cold(partner: &AtomicU32, behind: u32) {
    while partner.load(Ordering::Acquire) == behind {
        spin_loop();
    }
}

/// [`one_line`] with the runtime's structure: a call per arrival and the
/// spin in a cold function. What the runtime costs beyond it is its own
/// bookkeeping.
fn one_line_structured() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let line = Arc::new(Line([AtomicU32::new(0), AtomicU32::new(0)]));
    let side = |me: usize| {
        let line = Arc::clone(&line);
        move |i| arrive(&line.0[me], &line.0[me ^ 1], i)
    };
    (side(0), side(1))
}

/// The other floor: one line bounced between two cores, one side storing
/// round `n` only after it saw the partner's `n`: each round trip is two
/// one-way transfers, so half a round trip is one.
fn ping_pong(rounds: u64) -> f64 {
    let line = Line([AtomicU32::new(0), AtomicU32::new(0)]);
    let (ping, pong) = (&line.0[0], &line.0[1]);
    let serve = move |i: u64| {
        let n = (i + 1) as u32;
        ping.store(n, Ordering::Release);
        while pong.load(Ordering::Acquire) != n {
            spin_loop();
        }
    };
    let answer = move |i: u64| {
        let n = (i + 1) as u32;
        while ping.load(Ordering::Acquire) != n {
            spin_loop();
        }
        pong.store(n, Ordering::Release);
    };
    idle_pair(rounds, (serve, answer)) / 2.0
}

fn wait(waiting: Waiting) -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (mut left, mut right) = Rendezvous::new();
    left.set_waiting(waiting);
    right.set_waiting(waiting);
    (move |_| left.wait(), move |_| right.wait())
}

fn swap_u64(waiting: Waiting) -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (mut left, mut right) = RendezvousData::new(0_u64, 0);
    left.set_waiting(waiting);
    right.set_waiting(waiting);
    (
        move |i| *left.swap() = black_box(i),
        move |i| *right.swap() = black_box(i),
    )
}

/// A 4 KiB buffer of 512 fields.
#[derive(Clone)]
pub struct Page(pub [u64; 512]);

/// The field the 4 KiB case writes each round: one in the middle, on none of
/// the page's first or last cache lines.
pub const PAGE_FIELD: usize = 256;

fn swap_page() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (mut left, mut right) = RendezvousData::new(Page([0; 512]), Page([0; 512]));
    (
        move |i| left.swap().0[PAGE_FIELD] = black_box(i),
        move |i| right.swap().0[PAGE_FIELD] = black_box(i),
    )
}

/// One `u64` per round through `lockstep!` (the scoped runner behind it),
/// as `swap_u64` does through a pair of handles, thread start included.
fn lockstep_round(rounds: u64) -> f64 {
    let start = Instant::now();
    rendezvous_lockstep::lockstep! {
        <u64>
        left |buf = 0| {
            for i in 0..rounds {
                *buf = black_box(i);
                swap!(buf);
            }
        }
        right |buf = 0| {
            for i in 0..rounds {
                *buf = black_box(i);
                swap!(buf);
            }
        }
    };
    per_round(start.elapsed(), rounds)
}

fn seed_wait() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (mut left, mut right) = rendezvous_swap::Rendezvous::new();
    (move |_| left.wait(), move |_| right.wait())
}

fn seed_swap_u64() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (mut left, mut right) = rendezvous_swap::RendezvousData::new(0_u64, 0);
    (
        move |i| *left.swap() = black_box(i),
        move |i| *right.swap() = black_box(i),
    )
}

fn std_barrier() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let left = Arc::new(Barrier::new(2));
    let right = Arc::clone(&left);
    (
        move |_| {
            left.wait();
        },
        move |_| {
            right.wait();
        },
    )
}

/// Two zero-capacity channels, one each way: left sends its value and
/// receives the right's; right receives, then sends.
fn sync_channel() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (to_right, from_left) = std::sync::mpsc::sync_channel::<u64>(0);
    let (to_left, from_right) = std::sync::mpsc::sync_channel::<u64>(0);
    (
        move |i| {
            to_right.send(black_box(i)).unwrap();
            black_box(from_right.recv().unwrap());
        },
        move |i| {
            black_box(from_left.recv().unwrap());
            to_left.send(black_box(i)).unwrap();
        },
    )
}

/// As `sync_channel`, with `crossbeam_channel::bounded(0)`.
fn crossbeam_bounded() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (to_right, from_left) = crossbeam_channel::bounded::<u64>(0);
    let (to_left, from_right) = crossbeam_channel::bounded::<u64>(0);
    (
        move |i| {
            to_right.send(black_box(i)).unwrap();
            black_box(from_right.recv().unwrap());
        },
        move |i| {
            black_box(from_left.recv().unwrap());
            to_left.send(black_box(i)).unwrap();
        },
    )
}

/// The textbook two-thread exchanger: whoever comes first leaves its value
/// under the lock and sleeps; the second takes it, leaves its own and wakes
/// the first.
pub struct Exchanger<T> {
    state: Mutex<Exchange<T>>,
    done: Condvar,
}

struct Exchange<T> {
    /// The first comer's value.
    offered: Option<T>,
    /// The second comer's value, for the first.
    answer: Option<T>,
    /// Completed exchanges.
    generation: u64,
}

impl<T> Exchanger<T> {
    /// An exchanger with nobody waiting.
    pub fn new() -> Self {
        Exchanger {
            state: Mutex::new(Exchange {
                offered: None,
                answer: None,
                generation: 0,
            }),
            done: Condvar::new(),
        }
    }

    /// Gives `value` to the other thread and returns the other thread's.
    pub fn exchange(&self, value: T) -> T {
        let mut state = self.state.lock().unwrap();
        if let Some(offered) = state.offered.take() {
            state.answer = Some(value);
            state.generation += 1;
            self.done.notify_one();
            return offered;
        }
        state.offered = Some(value);
        let generation = state.generation;
        let mut state = self
            .done
            .wait_while(state, |s| s.generation == generation)
            .unwrap();
        state
            .answer
            .take()
            .expect("the second comer left its value")
    }
}

impl<T> Default for Exchanger<T> {
    fn default() -> Self {
        Self::new()
    }
}

fn condvar_exchanger() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let left = Arc::new(Exchanger::new());
    let right = Arc::clone(&left);
    (
        move |i| {
            black_box(left.exchange(black_box(i)));
        },
        move |i| {
            black_box(right.exchange(black_box(i)));
        },
    )
}
