//! One idle pair of threads meeting in lockstep: the floors, this crate and
//! its peers, each as a pair of sides that run one round per call.
//!
//! A *round* is one meeting of the two threads: a `wait`, a `swap`, or an
//! exchange of one value each way through a peer.

use std::fmt;
use std::hint::{black_box, spin_loop};
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering, fence};
use std::sync::{Arc, Barrier, Condvar, Mutex};
use std::time::Instant;

use rendezvous_lockstep::{Rendezvous, RendezvousData, Waiting};

use crate::{Sides, boxed, idle_pair, per_round};

/// What a case is, for the table and the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Raw atomics: what any rendezvous between two cores costs at least;
    /// the fastest of a run is the reference of its "/ floor" column.
    Floor,
    /// A floor that also hands data over each round (a written line changes
    /// cores): the reference of the swaps that carry such data, not of a
    /// bare rendezvous, so never the run's reference floor.
    DataFloor,
    /// This crate.
    Ours,
    /// Another crate or `std`.
    Peer,
}

/// Declares [`Key`]: one variant per case, each with its stable id.
macro_rules! keys {
    ($($(#[$doc:meta])* $variant:ident => $id:literal,)*) => {
        /// Names one case: the criterion id, `--only`, the targets.
        ///
        /// The variants are in the order of [`CASES`]; [`Key::id`] is
        /// stable from run to run (criterion compares by it).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[$doc])* $variant,)*
        }

        impl Key {
            /// Every key, in the order of [`CASES`].
            pub const ALL: &'static [Key] = &[$(Key::$variant),*];

            /// The stable id: criterion's benchmark id and `--only`'s word.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Key::$variant => $id,)*
                }
            }
        }
    };
}

keys! {
    /// Two counters in one line.
    FloorOneLine => "floor_one_line",
    /// The one-line floor with a SeqCst fence.
    FloorFenced => "floor_fenced",
    /// Half a ping-pong of one line.
    FloorPingPong => "floor_ping_pong",
    /// Two counters on two padded lines.
    FloorTwoLines => "floor_two_lines",
    /// The one-line floor and a handed-over line.
    FloorHandoff => "floor_handoff",
    /// The one-line floor with a `u64` slot per side on the line.
    FloorU64Slot => "floor_u64_slot",
    /// The one-line floor and a handed-over 4 KiB buffer.
    FloorHandoff4k => "floor_handoff_4k",
    /// The one-line floor with the arrival a call and the spin cold.
    FloorStructured => "floor_structured",
    /// `Rendezvous::wait`, parking.
    Wait => "wait",
    /// `Rendezvous::wait`, spinning.
    WaitSpin => "wait_spin",
    /// `RendezvousData<u64>::swap`, parking.
    SwapU64 => "swap_u64",
    /// `RendezvousData<u64>::swap`, spinning.
    SwapU64Spin => "swap_u64_spin",
    /// `RendezvousData` of 4 KiB, one field written.
    Swap4k => "swap_4k",
    /// A `lockstep!` round.
    Lockstep => "lockstep",
    /// `rendezvous_swap` 0.1.0's wait.
    SeedWait => "seed_wait",
    /// `rendezvous_swap` 0.1.0's swap of a `u64`.
    SeedSwapU64 => "seed_swap_u64",
    /// `std::sync::Barrier`.
    StdBarrier => "std_barrier",
    /// A `Mutex` + `Condvar` exchanger.
    CondvarExchanger => "condvar_exchanger",
    /// Two `sync_channel(0)`.
    SyncChannel => "sync_channel",
    /// Two `crossbeam_channel::bounded(0)`.
    CrossbeamBounded => "crossbeam_bounded",
    /// Two `rtrb` ring buffers of one slot.
    Rtrb => "rtrb",
    /// A `triple_buffer`: no rendezvous.
    TripleBuffer => "triple_buffer",
}

impl Key {
    /// Its case in [`CASES`].
    pub fn case(self) -> &'static Case {
        CASES
            .iter()
            .find(|case| case.key == self)
            .expect("every key has a case (see the test `every_key_has_one_case`)")
    }

    /// Every id, comma-separated, in the order of [`CASES`].
    pub fn list() -> String {
        Key::ALL
            .iter()
            .map(|key| key.id())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A word that is no case's [`Key::id`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKey(pub String);

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown case key {:?}; the keys are: {}",
            self.0,
            Key::list()
        )
    }
}

impl std::error::Error for UnknownKey {}

impl FromStr for Key {
    type Err = UnknownKey;

    fn from_str(id: &str) -> Result<Key, UnknownKey> {
        Key::ALL
            .iter()
            .copied()
            .find(|key| key.id() == id)
            .ok_or_else(|| UnknownKey(id.to_string()))
    }
}

/// One measured case.
pub struct Case {
    /// Names it in criterion ids, `--only` and the targets.
    pub key: Key,
    /// What the table and the chart call it.
    pub name: &'static str,
    /// What it is.
    pub kind: Kind,
    /// Runs this many rounds of one idle pair; returns ns per round.
    pub idle: fn(u64) -> f64,
    /// Its two sides, boxed, for the [`scenarios`](crate::scenarios);
    /// `None` for cases that are no pair of sides (floors, `lockstep`), and
    /// for a pair whose sides never wait for each other (`triple_buffer`),
    /// which has no waiting side to measure there.
    pub sides: Option<fn() -> Sides>,
    /// Whether a waiting side only ever spins (burns its core until the
    /// partner comes).
    pub pure_spin: bool,
}

/// A case made of a function that returns its two sides.
macro_rules! pair_case {
    ($key:expr, $name:literal, $kind:expr, $make:expr, pure_spin: $spin:expr) => {
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

/// Every case, in the order of the table. A new case is a [`Key`] variant
/// and an entry here; the tables, the chart, `--only`, `--help` and the
/// criterion suite pick it up.
pub const CASES: &[Case] = &[
    Case {
        key: Key::FloorOneLine,
        name: "floor: two counters in one line, store + spin",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: Key::FloorFenced,
        name: "floor + SeqCst fence (the sleep handshake's price)",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line_fenced()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: Key::FloorPingPong,
        name: "floor: one-way line transfer (ping-pong / 2)",
        kind: Kind::Floor,
        idle: ping_pong,
        sides: None,
        pure_spin: true,
    },
    Case {
        key: Key::FloorTwoLines,
        name: "floor: two counters on two padded lines",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, two_lines()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: Key::FloorHandoff,
        name: "floor: one line + a handed-over line written per round",
        kind: Kind::DataFloor,
        idle: |rounds| idle_pair(rounds, one_line_handoff()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: Key::FloorU64Slot,
        name: "floor: one line, a u64 slot written per round",
        kind: Kind::DataFloor,
        idle: |rounds| idle_pair(rounds, one_line_u64_slot()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: Key::FloorHandoff4k,
        name: "floor: one line + a handed-over 4 KiB buffer",
        kind: Kind::DataFloor,
        idle: |rounds| idle_pair(rounds, one_line_handoff_page()),
        sides: None,
        pure_spin: true,
    },
    Case {
        key: Key::FloorStructured,
        name: "floor: arrival a call, the whole spin in a cold function",
        kind: Kind::Floor,
        idle: |rounds| idle_pair(rounds, one_line_structured()),
        sides: None,
        pure_spin: true,
    },
    pair_case!(
        Key::Wait,
        "rendezvous wait",
        Kind::Ours,
        || wait(Waiting::Park),
        pure_spin: false
    ),
    pair_case!(
        Key::WaitSpin,
        "rendezvous wait (Waiting::Spin)",
        Kind::Ours,
        || wait(Waiting::Spin),
        pure_spin: true
    ),
    pair_case!(
        Key::SwapU64,
        "rendezvous swap u64",
        Kind::Ours,
        || swap_u64(Waiting::Park),
        pure_spin: false
    ),
    pair_case!(
        Key::SwapU64Spin,
        "rendezvous swap u64 (Waiting::Spin)",
        Kind::Ours,
        || swap_u64(Waiting::Spin),
        pure_spin: true
    ),
    pair_case!(
        Key::Swap4k,
        "rendezvous swap 4 KiB, one field written",
        Kind::Ours,
        swap_page,
        pure_spin: false
    ),
    Case {
        key: Key::Lockstep,
        name: "rendezvous lockstep! round, u64",
        kind: Kind::Ours,
        idle: lockstep_round,
        sides: None,
        pure_spin: false,
    },
    pair_case!(
        Key::SeedWait,
        "rendezvous_swap 0.1.0 wait",
        Kind::Peer,
        seed_wait,
        pure_spin: true
    ),
    pair_case!(
        Key::SeedSwapU64,
        "rendezvous_swap 0.1.0 swap u64",
        Kind::Peer,
        seed_swap_u64,
        pure_spin: true
    ),
    pair_case!(
        Key::StdBarrier,
        "std::sync::Barrier::new(2)",
        Kind::Peer,
        std_barrier,
        pure_spin: false
    ),
    pair_case!(
        Key::CondvarExchanger,
        "Mutex + Condvar exchanger, u64",
        Kind::Peer,
        condvar_exchanger,
        pure_spin: false
    ),
    pair_case!(
        Key::SyncChannel,
        "std::sync::mpsc::sync_channel(0) exchange",
        Kind::Peer,
        sync_channel,
        pure_spin: false
    ),
    pair_case!(
        Key::CrossbeamBounded,
        "crossbeam_channel::bounded(0) exchange",
        Kind::Peer,
        crossbeam_bounded,
        pure_spin: false
    ),
    pair_case!(
        Key::Rtrb,
        "rtrb 0.4 ring buffers, one u64 each way, spin on pop",
        Kind::Peer,
        rtrb_exchange,
        pure_spin: true
    ),
    Case {
        key: Key::TripleBuffer,
        name: "triple_buffer 9, not a rendezvous: values may be skipped or read twice",
        kind: Kind::Peer,
        idle: |rounds| idle_pair(rounds, latest_value()),
        sides: None,
        pure_spin: false,
    },
];

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

/// A lockstep round through two `rtrb` ring buffers of one slot, one each
/// way, as `sync_channel` does: left pushes its value and takes the right's;
/// right takes, then pushes. `rtrb` is wait-free, made for real-time audio:
/// it never blocks, so a side that waits for a value spins on `pop`.
fn rtrb_exchange() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (mut to_right, mut from_left) = rtrb::RingBuffer::<u64>::new(1);
    let (mut to_left, mut from_right) = rtrb::RingBuffer::<u64>::new(1);
    // Each side pushes only after it took the partner's last value, which
    // the partner sent after taking this side's last one: the slot is free.
    let free = "the slot is free in lockstep";
    (
        move |i| {
            to_right.push(black_box(i)).expect(free);
            black_box(spin_pop(&mut from_right));
        },
        move |i| {
            black_box(spin_pop(&mut from_left));
            to_left.push(black_box(i)).expect(free);
        },
    )
}

/// Spins until `queue` has a value, and takes it.
fn spin_pop(queue: &mut rtrb::Consumer<u64>) -> u64 {
    loop {
        if let Ok(value) = queue.pop() {
            return value;
        }
        spin_loop();
    }
}

/// A round of a `triple_buffer`, which is no rendezvous: the writer
/// publishes one value, the reader reads the latest one, and neither waits
/// for the other. Values may be skipped or read twice; the figure is the
/// cost of handing the latest value over, not of meeting.
fn latest_value() -> (impl FnMut(u64) + Send, impl FnMut(u64) + Send) {
    let (mut input, mut output) = triple_buffer::triple_buffer(&0_u64);
    (
        move |i| input.write(black_box(i)),
        move |_| {
            black_box(*output.read());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_one_case_in_order() {
        let keys: Vec<Key> = CASES.iter().map(|case| case.key).collect();
        assert_eq!(keys, Key::ALL);
    }

    #[test]
    fn only_pairs_that_wait_for_each_other_enter_the_scenarios() {
        assert!(Key::Rtrb.case().sides.is_some());
        assert!(Key::TripleBuffer.case().sides.is_none());
        assert_eq!(Key::TripleBuffer.case().kind, Kind::Peer);
    }

    #[test]
    fn every_id_parses_back_to_its_key() {
        for &key in Key::ALL {
            assert_eq!(key.id().parse::<Key>(), Ok(key));
            assert_eq!(key.to_string(), key.id());
            assert_eq!(key.case().key, key);
        }
    }

    #[test]
    fn an_unknown_id_names_itself_and_lists_the_keys() {
        let error = "waitt".parse::<Key>().unwrap_err();
        assert_eq!(error, UnknownKey("waitt".into()));
        let message = error.to_string();
        assert!(message.starts_with("unknown case key \"waitt\"; the keys are: "));
        for &key in Key::ALL {
            assert!(message.contains(key.id()), "{message}");
        }
    }
}
