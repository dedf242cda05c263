//! The counter protocol shared by [`Rendezvous`](crate::Rendezvous) and
//! [`RendezvousData`](crate::RendezvousData): the only module with atomics.
//!
//! # The protocol
//!
//! Each side owns one 32-bit word and is its only writer; the partner only
//! reads it. The word holds the number of rendezvous points this side has
//! *arrived* at, shifted left past three flag bits ([`CLOSED`], [`PANICKED`],
//! [`SLEEPING`]).
//!
//! To rendezvous for the `n`-th time, a side stores `n` into its own word
//! (Release) and then reads the partner's word (Acquire) until the partner's
//! count is no longer `n - 1`. That is the whole fast path: one store and one
//! load, no read-modify-write.
//!
//! Why equality with `n - 1` is enough, also after the count wraps: when a
//! side arrives at `n`, it has passed rendezvous `n - 1`, so its partner had
//! arrived there; and the partner cannot arrive at `n + 2` before this side
//! arrives at `n + 1`. So the partner's count is one of `n - 1`, `n` or
//! `n + 1`, three distinct values modulo 2<sup>29</sup>.
//!
//! Why Acquire/Release is enough: a side's writes before its arrival (above
//! all, to the buffer it hands over) happen-before the Release store of its
//! word, and the partner's Acquire load that reads that store (or any later
//! store of the same side, all of which are Release) synchronizes with it.
//! Every store to a word is Release for exactly this reason.
//!
//! # Disconnection
//!
//! A dropped handle stores its count with [`CLOSED`] set (and [`PANICKED`]
//! if its thread is panicking). A waiting side that reads `n - 1` with
//! [`CLOSED`] knows the partner will never arrive. A closed partner whose
//! count is `n` or more did arrive first: that rendezvous completes.
//!
//! # Sleeping without lost wake-ups (`std` only)
//!
//! A side that decides to sleep locks its [`Sleeper`], stores its word with
//! [`SLEEPING`] set, issues a SeqCst fence, reads the partner's word once
//! more and waits on the condition variable only if the partner is still
//! behind. Every store of a word is followed by a SeqCst fence and a read of
//! the partner's word; a [`SLEEPING`] partner is notified under its lock.
//! Of two SeqCst fences one comes first, so either the sleeper sees the new
//! count, or the storer sees [`SLEEPING`]; and the lock, held by the sleeper
//! from its last check until it waits, keeps the notification from falling
//! between the two: no wake-up is lost.

use crate::error::Disconnected;
#[cfg(feature = "std")]
use crate::primitive::fence;
#[cfg(feature = "std")]
use crate::primitive::thread::{self, Condvar, Mutex, MutexGuard};
use crate::primitive::{AtomicU32, Ordering, Slot, spin_loop};
use crate::waiting::{self, Waiting};
use core::mem::MaybeUninit;

/// Flag: the side's handle was dropped; it will never arrive again.
const CLOSED: u32 = 1 << 0;
/// Flag: the side's handle was dropped while its thread panicked.
const PANICKED: u32 = 1 << 1;
/// Flag: the side may be asleep; whoever changes the partner's word must wake it.
#[cfg(feature = "std")]
const SLEEPING: u32 = 1 << 2;
/// The count sits above the flags.
const FLAG_BITS: u32 = 3;
/// The count's bits, once shifted down.
const COUNT_MASK: u32 = u32::MAX >> FLAG_BITS;

/// A point in time after which a wait gives up (`std` only).
#[cfg(feature = "std")]
pub(crate) type Deadline = Option<std::time::Instant>;
/// Without `std` there is no clock: waits never time out.
#[cfg(not(feature = "std"))]
pub(crate) type Deadline = ();

/// No deadline: wait until the partner arrives or is gone.
#[cfg(feature = "std")]
pub(crate) const FOREVER: Deadline = None;
/// No deadline: wait until the partner arrives or is gone.
#[cfg(not(feature = "std"))]
pub(crate) const FOREVER: Deadline = ();

/// Why a wait ended without a rendezvous.
#[derive(Debug)]
pub(crate) enum Missed {
    /// The partner is gone.
    Disconnected(Disconnected),
    /// The deadline passed; this side's arrival stands.
    #[cfg(feature = "std")]
    Timeout,
}

impl Missed {
    /// The reason a wait until [`FOREVER`] ended: the partner is gone.
    pub(crate) fn without_deadline(self) -> Disconnected {
        match self {
            Missed::Disconnected(err) => err,
            #[cfg(feature = "std")]
            Missed::Timeout => unreachable!("a wait without deadline timed out"),
        }
    }
}

#[cfg(feature = "std")]
impl From<Missed> for crate::TimeoutError {
    fn from(missed: Missed) -> Self {
        match missed {
            Missed::Disconnected(err) => crate::TimeoutError::Disconnected(err),
            Missed::Timeout => crate::TimeoutError::Timeout,
        }
    }
}

/// The shared state of one pair: both sides' words, room for two small
/// buffers, and where each side sleeps.
///
/// # Layout, and the numbers behind it
///
/// Everything a rendezvous touches sits on one cache line: the two words at
/// offset 0, then [`near`](Protocol::near), the two buffers of a
/// [`RendezvousData`](crate::RendezvousData) whose `T` fits there (the
/// buffers of a larger `T` sit on lines of their own, see `crate::data`).
/// The sleepers follow; only the slow path touches them. The alignment keeps
/// everything else off the line, and off its neighbour, which some cores
/// fetch in pairs with it. With `std` the line holds 8 + 32 + 24 = 64 bytes.
///
/// Why one line, measured on a 2-core AMD EPYC (Zen 4) virtual machine, ns
/// per round, medians of interleaved runs (raw atomics, as the floors of
/// `cargo run --release -p rendezvous-bench`, and that command's cases). The
/// host places the two virtual cores close together (a round of the floor
/// takes about 32 ns) or far apart (about 170 ns), and moves them at will:
///
/// - The two words on one line cost what the hardware floor costs; on two
///   lines (as in `rendezvous_swap` 0.1.0) a rendezvous moves two lines:
///   about 1.4 times the floor when the two virtual cores are far apart
///   (floor 174, two lines 242), the same when they are close (32, 35).
/// - A swapped `u64` on a line of its own adds a second line transfer per
///   round, which the counter's cannot hide: 251 against 169 on the counter
///   line in raw atomics (far cores; close: 35 against 35). Writing the
///   buffer there is nearly free, since the side must own that line to
///   arrive anyway. `RendezvousData<u64>::swap`, buffers on their own lines
///   before, on this line after: 274 before (floor 170) and 166 after (floor
///   224, a busier moment) with far cores; 42.3 before and 35.4 after with
///   close cores (floor 34). `rendezvous_swap` 0.1.0 took 283-294 and 60.
///
/// The price: a side that writes its near buffer while the partner spins on
/// the line loses the line to each of the partner's reads. For buffers of at
/// most 16 bytes, written a few times per round, that is cheaper than a
/// second line per round; larger buffers get lines of their own.
#[repr(C, align(128))]
pub(crate) struct Protocol {
    words: [AtomicU32; 2],
    /// The buffers of a [`RendezvousData`](crate::RendezvousData) pair whose
    /// `T` fits a [`NearBuffer`]; uninitialized otherwise. `crate::data`
    /// owns their contents; this module never reads them.
    pub(crate) near: [Slot<NearBuffer>; 2],
    #[cfg(feature = "std")]
    sleepers: [Sleeper; 2],
}

/// Room for one small buffer on the counter line: 16 bytes, aligned to 8.
pub(crate) type NearBuffer = MaybeUninit<[u64; 2]>;

// SAFETY: besides atomics and locks, a `Protocol` holds the `near` buffers,
// which only `crate::data` reaches, through `RendezvousData` handles: each
// buffer is owned by one handle at a time, hand-overs synchronize through
// the words (Release/Acquire), and only the owner makes a `&mut` to it.
// That is the argument for `RendezvousDataState: Sync` (for `T: Send`), and
// a `T` reaches a near buffer only through that state. A `Rendezvous` pair
// never touches them.
unsafe impl Sync for Protocol {}

/// Where a side sleeps while its partner is late, and is woken (`std` only).
///
/// The slow path only: the fast path never touches it.
#[cfg(feature = "std")]
struct Sleeper {
    lock: Mutex<()>,
    wake: Condvar,
}

#[cfg(feature = "std")]
impl Sleeper {
    fn new() -> Self {
        Sleeper {
            lock: Mutex::new(()),
            wake: Condvar::new(),
        }
    }
}

/// Where one side stands between rendezvous.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Not at a rendezvous point: this side owns its data.
    Between,
    /// Arrived, but the partner was not seen yet (a wait timed out).
    Pending,
    /// The partner is gone for good.
    Disconnected(Disconnected),
}

/// One side's private view of the protocol. Lives in the handle; only the
/// handle's thread touches it.
#[derive(Debug)]
pub(crate) struct Side {
    /// 0 or 1: the index of this side's word.
    me: usize,
    /// Rendezvous points this side has arrived at.
    arrivals: u64,
    phase: Phase,
    pub(crate) waiting: Waiting,
}

impl Side {
    /// The index of this side (0 or 1), which also picks its first buffer.
    pub(crate) fn index(&self) -> usize {
        self.me
    }

    /// Completed rendezvous.
    pub(crate) fn completed(&self) -> u64 {
        match self.phase {
            Phase::Between => self.arrivals,
            Phase::Pending | Phase::Disconnected(_) => self.arrivals - 1,
        }
    }

    /// Whether an arrival stands whose rendezvous has not completed yet
    /// (after a timeout). The side then owns no data.
    pub(crate) fn is_pending(&self) -> bool {
        self.phase == Phase::Pending
    }

    /// This side's word: its arrival count without flags.
    fn word(&self) -> u32 {
        (self.arrivals as u32) << FLAG_BITS
    }

    /// Decides from the partner's word whether the current rendezvous is
    /// complete (`Some(Ok)`), can never complete (`Some(Err)`), or not yet.
    #[inline(always)]
    fn poll(&mut self, partner: u32) -> Option<Result<(), Disconnected>> {
        let behind = (self.arrivals as u32).wrapping_sub(1) & COUNT_MASK;
        if partner >> FLAG_BITS != behind {
            self.phase = Phase::Between;
            return Some(Ok(()));
        }
        if partner & CLOSED != 0 {
            let err = Disconnected {
                partner_swaps: self.arrivals - 1,
                partner_panicked: partner & PANICKED != 0,
            };
            self.phase = Phase::Disconnected(err);
            return Some(Err(err));
        }
        None
    }
}

impl Protocol {
    pub(crate) fn new() -> Self {
        Protocol {
            words: [AtomicU32::new(0), AtomicU32::new(0)],
            near: [
                Slot::new(MaybeUninit::uninit()),
                Slot::new(MaybeUninit::uninit()),
            ],
            #[cfg(feature = "std")]
            sleepers: [Sleeper::new(), Sleeper::new()],
        }
    }

    /// Starts a fresh pair over this state: both words back to zero, the
    /// [`near`](Protocol::near) buffers kept.
    pub(crate) fn renew(&mut self) {
        self.words = [AtomicU32::new(0), AtomicU32::new(0)];
        #[cfg(feature = "std")]
        {
            self.sleepers = [Sleeper::new(), Sleeper::new()];
        }
    }

    /// The two sides of a fresh protocol.
    pub(crate) fn sides() -> (Side, Side) {
        let side = |me| Side {
            me,
            arrivals: 0,
            phase: Phase::Between,
            waiting: Waiting::default(),
        };
        (side(0), side(1))
    }

    /// Arrives at the next rendezvous point (unless an earlier arrival still
    /// stands) and waits for the partner until `deadline`.
    ///
    /// On `Ok`, the partner has arrived too, and everything it did before its
    /// arrival happens-before everything this side does next.
    #[inline(always)]
    pub(crate) fn rendezvous(&self, side: &mut Side, deadline: Deadline) -> Result<(), Missed> {
        match side.phase {
            Phase::Between => {
                side.arrivals += 1;
                side.phase = Phase::Pending;
                let partner = self.publish(side.me, side.word());
                if let Some(done) = side.poll(partner) {
                    return done.map_err(Missed::Disconnected);
                }
            }
            Phase::Pending => {}
            Phase::Disconnected(err) => return Err(Missed::Disconnected(err)),
        }
        self.wait(side, deadline)
    }

    /// Marks `side` gone for good, waking its partner if it sleeps.
    pub(crate) fn close(&self, side: &Side) {
        #[cfg(feature = "std")]
        let panicked = if thread::panicking() { PANICKED } else { 0 };
        #[cfg(not(feature = "std"))]
        let panicked = 0;
        self.publish(side.me, side.word() | CLOSED | panicked);
    }

    /// Stores this side's word, wakes the partner if it sleeps, and returns
    /// the partner's word.
    #[inline(always)]
    fn publish(&self, me: usize, word: u32) -> u32 {
        // ORDERING: Release, so that this side's writes so far (to the buffer
        // it hands over, above all) happen-before the partner's reads after
        // its Acquire load of this word.
        self.words[me].store(word, Ordering::Release);
        // ORDERING: pairs with the fence in `sleep`: of the two fences one is
        // first in the SeqCst order, so either the sleeper's load below its
        // fence sees the store above, or the load below sees SLEEPING.
        #[cfg(feature = "std")]
        fence(Ordering::SeqCst);
        // ORDERING: Acquire, synchronizes with the partner's last store of
        // its word (every one is Release): if the partner arrived, its
        // writes before that happen-before this side's next reads.
        let partner = self.words[me ^ 1].load(Ordering::Acquire);
        #[cfg(feature = "std")]
        if partner & SLEEPING != 0 {
            self.wake(me ^ 1);
        }
        partner
    }

    /// The slow path: the partner has not arrived at this side's first look.
    #[cold]
    #[inline(never)]
    fn wait(&self, side: &mut Side, deadline: Deadline) -> Result<(), Missed> {
        let partner = &self.words[side.me ^ 1];
        // ORDERING (every load in this function): Acquire, as in `publish`.
        let poll = |side: &mut Side| side.poll(partner.load(Ordering::Acquire));

        for _ in 0..waiting::SPINS {
            spin_loop();
            if let Some(done) = poll(side) {
                return done.map_err(Missed::Disconnected);
            }
        }
        match side.waiting {
            #[cfg(not(feature = "std"))]
            Waiting::Spin => loop {
                let _: Deadline = deadline;
                spin_loop();
                if let Some(done) = poll(side) {
                    return done.map_err(Missed::Disconnected);
                }
            },
            #[cfg(feature = "std")]
            Waiting::Spin => loop {
                for _ in 0..waiting::SPINS_PER_CLOCK_READ {
                    spin_loop();
                    if let Some(done) = poll(side) {
                        return done.map_err(Missed::Disconnected);
                    }
                }
                if expired(deadline) {
                    return Err(Missed::Timeout);
                }
            },
            #[cfg(feature = "std")]
            Waiting::Park => {
                let yielding = waiting::YieldBudget::start();
                loop {
                    thread::yield_now();
                    if let Some(done) = poll(side) {
                        return done.map_err(Missed::Disconnected);
                    }
                    if yielding.spent() {
                        break self.sleep(side, deadline);
                    }
                }
            }
        }
    }

    /// Blocks the thread until the partner changes its word or `deadline`.
    #[cfg(feature = "std")]
    fn sleep(&self, side: &mut Side, deadline: Deadline) -> Result<(), Missed> {
        let me = side.me;
        let sleeper = &self.sleepers[me];
        // Held from the last look at the partner's word until the wait
        // releases it, so that `wake` cannot notify in between.
        let mut guard = lock(&sleeper.lock);
        // ORDERING: Release, because the partner may read this store instead
        // of the arrival: it must still synchronize with this side's writes.
        self.words[me].store(side.word() | SLEEPING, Ordering::Release);
        let done = loop {
            // ORDERING: the fence of the sleeping handshake; see `publish`.
            fence(Ordering::SeqCst);
            // ORDERING: Acquire, as in `publish`.
            if let Some(done) = side.poll(self.words[me ^ 1].load(Ordering::Acquire)) {
                break done.map_err(Missed::Disconnected);
            }
            guard = match deadline {
                None => sleeper.wake.wait(guard).unwrap_or_else(|p| p.into_inner()),
                Some(deadline) => {
                    let now = std::time::Instant::now();
                    if now >= deadline {
                        break Err(Missed::Timeout);
                    }
                    let wait = sleeper.wake.wait_timeout(guard, deadline - now);
                    wait.unwrap_or_else(|p| p.into_inner()).0
                }
            };
        };
        drop(guard);
        // ORDERING: Release, as above. Clearing SLEEPING spares the partner
        // needless notifications; a stale SLEEPING would only cost one.
        self.words[me].store(side.word(), Ordering::Release);
        done
    }

    /// Wakes side `sleeper` if it waits on its condition variable.
    #[cfg(feature = "std")]
    #[cold]
    #[inline(never)]
    fn wake(&self, sleeper: usize) {
        let sleeper = &self.sleepers[sleeper];
        let _guard = lock(&sleeper.lock);
        sleeper.wake.notify_one();
    }
}

/// Whether `deadline` has passed.
#[cfg(feature = "std")]
fn expired(deadline: Deadline) -> bool {
    deadline.is_some_and(|deadline| std::time::Instant::now() >= deadline)
}

/// Locks a sleeper. Nothing panics while one is held, and its data is `()`:
/// poisoning has nothing to protect.
#[cfg(feature = "std")]
fn lock(lock: &Mutex<()>) -> MutexGuard<'_, ()> {
    lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    /// Two sides that have both completed `start` rendezvous.
    fn pair_at(start: u64) -> (Protocol, Side, Side) {
        let protocol = Protocol::new();
        let (mut left, mut right) = Protocol::sides();
        left.arrivals = start;
        right.arrivals = start;
        protocol.words[0].store(left.word(), Ordering::Relaxed);
        protocol.words[1].store(right.word(), Ordering::Relaxed);
        (protocol, left, right)
    }

    #[test]
    fn counts_wrap_around_without_a_false_arrival() {
        // Start a few rendezvous before the 29-bit count wraps to zero.
        let start = u64::from(COUNT_MASK) - 3;
        let (protocol, mut left, mut right) = pair_at(start);
        let rounds = 8;
        std::thread::scope(|s| {
            s.spawn(|| {
                for _ in 0..rounds {
                    protocol.rendezvous(&mut right, FOREVER).unwrap();
                }
            });
            for _ in 0..rounds {
                protocol.rendezvous(&mut left, FOREVER).unwrap();
            }
        });
        assert_eq!(left.completed(), start + rounds);
    }

    #[test]
    fn a_partner_one_behind_is_waited_for_at_the_wrap() {
        for start in [
            u64::from(COUNT_MASK) - 1,
            u64::from(COUNT_MASK),
            u64::from(COUNT_MASK) + 1,
        ] {
            let (protocol, mut left, _right) = pair_at(start);
            // Left arrives; right still has the old count: not arrived.
            left.arrivals += 1;
            left.phase = Phase::Pending;
            let right_word = protocol.words[1].load(Ordering::Relaxed);
            assert_eq!(left.poll(right_word), None, "start {start}");
            // Right arrived: the 29-bit count may have wrapped to zero.
            let arrived = ((start + 1) as u32) << FLAG_BITS;
            assert_eq!(left.poll(arrived), Some(Ok(())), "start {start}");
        }
    }

    #[test]
    fn a_closed_partner_one_behind_is_disconnected() {
        let (_protocol, mut left, right) = pair_at(7);
        left.arrivals += 1;
        left.phase = Phase::Pending;
        let err = left
            .poll(right.word() | CLOSED | PANICKED)
            .unwrap()
            .unwrap_err();
        assert_eq!((err.partner_swaps(), err.partner_panicked()), (7, true));
        assert_eq!(left.completed(), 7);
    }
}
