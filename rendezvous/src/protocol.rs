//! The counter protocol shared by every handle: arrive, wait, close. With
//! the sleeping of [`crate::sleep`], the only code that touches the words.
//!
//! # The protocol
//!
//! Each side owns one 32-bit word and is its only writer; the partner only
//! reads it. The word holds the number of rendezvous points this side has
//! *arrived* at, shifted left past three flag bits ([`CLOSED`], [`PANICKED`],
//! and [`SLEEPING`](crate::sleep::SLEEPING)).
//!
//! To rendezvous for the `n`-th time, a side stores `n` into its own word
//! (Release) and then reads the partner's word (Acquire) until the partner's
//! count is no longer `n - 1`. That is the whole fast path: one store and one
//! load, no read-modify-write, and no hardware fence (see
//! [`crate::sleep`] for how sleeping gets by without one).
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

use crate::deadline::Deadline;
use crate::error::{Disconnected, Missed};
use crate::primitive::{AtomicU32, Ordering, const_fn, spin_loop};
use crate::sleep::{self, Sleepers};
use crate::waiting::{self, Waiting};

/// Flag: the side's handle was dropped; it will never arrive again.
const CLOSED: u32 = 1 << 0;
/// Flag: the side's handle was dropped while its thread panicked.
const PANICKED: u32 = 1 << 1;
/// The count sits above the flags (bit 2 is [`sleep::SLEEPING`]).
const FLAG_BITS: u32 = 3;
/// The count's bits, once shifted down.
const COUNT_MASK: u32 = u32::MAX >> FLAG_BITS;

/// The shared state of one pair: both sides' words on one cache line with
/// `L`, whatever the owner puts beside them, then where each side sleeps.
///
/// # Layout
///
/// Everything a rendezvous touches sits on one cache line: the two words at
/// offset 0, then `line`. A [`RendezvousData`](crate::RendezvousData) puts
/// its buffers there (`crate::data` decides how); a
/// [`Rendezvous`](crate::Rendezvous) puts nothing. The sleepers follow; only
/// the slow path touches them. The alignment, per architecture as
/// crossbeam's `CachePadded` (128 bytes on x86-64, where cores fetch lines
/// in pairs, and on aarch64; 32 on the Cortex-M and other 32-bit ARM, ...),
/// keeps everything else off the line. One line, because two would cost a
/// second line transfer per round (measured: bench/README.md, "The numbers
/// behind the design").
#[repr(C)]
#[cfg_attr(
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64"
    ),
    repr(align(128))
)]
#[cfg_attr(
    any(
        target_arch = "arm",
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6",
        target_arch = "sparc",
        target_arch = "hexagon",
    ),
    repr(align(32))
)]
#[cfg_attr(target_arch = "m68k", repr(align(16)))]
#[cfg_attr(target_arch = "s390x", repr(align(256)))]
#[cfg_attr(
    not(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64",
        target_arch = "arm",
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6",
        target_arch = "sparc",
        target_arch = "hexagon",
        target_arch = "m68k",
        target_arch = "s390x",
    )),
    repr(align(64))
)]
pub(crate) struct Protocol<L> {
    words: [AtomicU32; 2],
    /// What shares the words' cache line; the protocol never looks inside.
    line: L,
    sleepers: Sleepers,
}

/// Where one side stands between rendezvous.
///
/// A plain byte: the fast path tests it with one compare (an enum that
/// carried the [`Disconnected`] error took a few instructions to decode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Not at a rendezvous point: this side owns its data.
    Between,
    /// Arrived, but the partner was not seen yet (a wait timed out).
    Pending,
    /// The partner is gone for good: see [`Party::gone`].
    Disconnected,
}

/// One of a pair's two sides. The first handle a pair makes is `Left`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Which {
    /// The first handle of a pair (`lockstep!`'s `left` block).
    Left,
    /// The second handle of a pair (`lockstep!`'s `right` block).
    Right,
}

impl Which {
    /// The index of this side's word, and of its first buffer: 0 or 1.
    #[inline(always)]
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The other side.
    #[inline(always)]
    pub(crate) fn partner(self) -> Which {
        match self {
            Which::Left => Which::Right,
            Which::Right => Which::Left,
        }
    }

    /// `"left"` or `"right"`, for messages.
    #[cfg(feature = "std")]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Which::Left => "left",
            Which::Right => "right",
        }
    }
}

/// One party's private view of the protocol: which side it is, how far it
/// has come, and how it waits. Lives in the handle; only the handle's
/// thread touches it.
///
/// Exactly one `Party` exists per side of a pair ([`Protocol::parties`]
/// makes both, and a `Party` cannot be cloned): a `&mut Party` is proof of
/// acting as that side.
#[derive(Debug)]
pub(crate) struct Party {
    which: Which,
    /// Rendezvous points this side has arrived at.
    arrivals: u64,
    phase: Phase,
    /// Why the partner is gone, once `phase` is [`Phase::Disconnected`].
    gone: Disconnected,
    pub(crate) waiting: Waiting,
}

impl Party {
    /// Which side this party is.
    pub(crate) fn which(&self) -> Which {
        self.which
    }

    /// Completed rendezvous.
    pub(crate) fn completed(&self) -> u64 {
        match self.phase {
            Phase::Between => self.arrivals,
            Phase::Pending | Phase::Disconnected => self.arrivals - 1,
        }
    }

    /// Whether an arrival stands whose rendezvous has not completed yet
    /// (after a timeout). The side then owns no data.
    pub(crate) fn is_pending(&self) -> bool {
        self.phase == Phase::Pending
    }

    /// This side's word: its arrival count without flags.
    pub(crate) fn word(&self) -> u32 {
        (self.arrivals as u32) << FLAG_BITS
    }

    /// The partner's count while it has not arrived where this side has
    /// (or, between rendezvous, is about to).
    fn behind(&self) -> u32 {
        let target = match self.phase {
            Phase::Between => self.arrivals + 1,
            Phase::Pending | Phase::Disconnected => self.arrivals,
        };
        (target as u32).wrapping_sub(1) & COUNT_MASK
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
            self.phase = Phase::Disconnected;
            self.gone = err;
            return Some(Err(err));
        }
        None
    }
}

impl<L> Protocol<L> {
    const_fn! {
        /// A fresh pair's state, with `line` beside the words.
        pub(crate) fn new(line: L) -> Self {
            Protocol {
                words: [AtomicU32::new(0), AtomicU32::new(0)],
                line,
                sleepers: Sleepers::new(),
            }
        }
    }

    /// What shares the words' line.
    #[inline(always)]
    pub(crate) fn line(&self) -> &L {
        &self.line
    }

    /// What shares the words' line, through exclusive access.
    pub(crate) fn line_mut(&mut self) -> &mut L {
        &mut self.line
    }

    /// What shares the words' line, taking the protocol apart.
    pub(crate) fn into_line(self) -> L {
        self.line
    }

    /// Starts a fresh pair over this state: both words back to zero, `line`
    /// kept.
    pub(crate) fn renew(&mut self) {
        self.words = [AtomicU32::new(0), AtomicU32::new(0)];
        self.sleepers = Sleepers::new();
    }

    /// The two sides of a fresh protocol. Every pair's handles are made
    /// from these, so this is where the sleeping handshake chooses its
    /// barrier, before any arrival.
    pub(crate) fn parties() -> (Party, Party) {
        sleep::prepare();
        let side = |which| Party {
            which,
            arrivals: 0,
            phase: Phase::Between,
            gone: Disconnected {
                partner_swaps: 0,
                partner_panicked: false,
            },
            waiting: Waiting::default(),
        };
        (side(Which::Left), side(Which::Right))
    }

    /// Arrives at the next rendezvous point (unless an earlier arrival still
    /// stands) and waits for the partner until `deadline`.
    ///
    /// On `Ok`, the partner has arrived too, and everything it did before its
    /// arrival happens-before everything this side does next.
    #[inline(always)]
    pub(crate) fn rendezvous(&self, side: &mut Party, deadline: Deadline) -> Result<(), Missed> {
        if side.phase != Phase::Between {
            return self.slow(side, None, deadline);
        }
        side.arrivals += 1;
        side.phase = Phase::Pending;
        let partner = self.publish(side.which, side.word());
        if sleep::asleep(partner) {
            return self.slow(side, Some(partner), deadline);
        }
        if let Some(done) = side.poll(partner) {
            return done.map_err(Missed::Disconnected);
        }
        // The partner is on its way, most often: wait for it right here, so
        // that seeing its arrival leads straight back to the caller's next
        // arrival, with no call to return from.
        let word = &self.words[side.which.partner().index()];
        for _ in 0..waiting::SPINS {
            spin_loop();
            // ORDERING: Acquire, as in `publish`.
            if let Some(done) = side.poll(word.load(Ordering::Acquire)) {
                return done.map_err(Missed::Disconnected);
            }
        }
        self.slow(side, Some(partner), deadline)
    }

    /// Everything but a rendezvous found complete at once or within the
    /// first spins: `seen`, the partner's word read right after this side's
    /// arrival, says the partner may sleep (wake it) or has not arrived (wait
    /// on, the spins done); `None` if this side did not arrive now (a
    /// standing arrival, a partner gone).
    #[cold]
    #[inline(never)]
    fn slow(&self, side: &mut Party, seen: Option<u32>, deadline: Deadline) -> Result<(), Missed> {
        match seen {
            Some(partner) if sleep::asleep(partner) => {
                self.sleepers.wake(side.which.partner().index());
                if let Some(done) = side.poll(partner) {
                    return done.map_err(Missed::Disconnected);
                }
                self.wait(side, deadline, waiting::SPINS)
            }
            Some(_) => self.wait(side, deadline, 0),
            None if side.phase == Phase::Disconnected => Err(Missed::Disconnected(side.gone)),
            None => self.wait(side, deadline, waiting::SPINS),
        }
    }

    /// Whether the next rendezvous of `side` would wait: `false` if the
    /// partner has already arrived there, or is gone. Arrives nowhere.
    pub(crate) fn would_block(&self, side: &Party) -> bool {
        if side.phase == Phase::Disconnected {
            return false;
        }
        // ORDERING: Relaxed: only a forecast; the rendezvous that may follow
        // makes its own Acquire load before this side touches any data.
        // The partner's count only moves forward from `behind`, so a
        // forecast of "does not wait" stays true.
        let partner = self.words[side.which.partner().index()].load(Ordering::Relaxed);
        partner >> FLAG_BITS == side.behind() && partner & CLOSED == 0
    }

    /// Marks `side` gone for good, waking its partner if it sleeps.
    pub(crate) fn close(&self, side: &Party) {
        let panicked = if sleep::panicking() { PANICKED } else { 0 };
        let partner = self.publish(side.which, side.word() | CLOSED | panicked);
        self.sleepers
            .wake_if_asleep(side.which.partner().index(), partner);
    }

    /// Stores this side's word and returns the partner's word. The caller
    /// must wake the partner if that word says it may sleep.
    #[inline(always)]
    fn publish(&self, me: Which, word: u32) -> u32 {
        // ORDERING: Release, so that this side's writes so far (to the buffer
        // it hands over, above all) happen-before the partner's reads after
        // its Acquire load of this word.
        self.words[me.index()].store(word, Ordering::Release);
        // ORDERING: the light half of the sleeping handshake, between the
        // store above and the load below; see `crate::sleep`.
        sleep::light_barrier();
        // ORDERING: Acquire, synchronizes with the partner's last store of
        // its word (every one is Release): if the partner arrived, its
        // writes before that happen-before this side's next reads.
        self.words[me.partner().index()].load(Ordering::Acquire)
    }

    /// The wait proper: the partner has not arrived at this side's looks.
    /// `spins` checks, each after a spin-loop hint, come first (fewer if
    /// the caller has spun already); then `side.waiting` decides.
    #[inline(always)]
    fn wait(&self, side: &mut Party, deadline: Deadline, spins: u32) -> Result<(), Missed> {
        let partner = &self.words[side.which.partner().index()];
        // ORDERING (every load in this function): Acquire, as in `publish`.
        let poll = |side: &mut Party| side.poll(partner.load(Ordering::Acquire));

        for _ in 0..spins {
            spin_loop();
            if let Some(done) = poll(side) {
                return done.map_err(Missed::Disconnected);
            }
        }
        let done = match side.waiting {
            Waiting::Spin => loop {
                if let Some(done) = (0..waiting::SPINS_PER_CLOCK_READ).find_map(|_| {
                    spin_loop();
                    poll(side)
                }) {
                    break Some(done);
                }
                if deadline.expired() {
                    break None;
                }
            },
            #[cfg(feature = "std")]
            Waiting::Park => {
                let me = side.which.index();
                let word = side.word();
                self.sleepers
                    .park(me, &self.words, word, deadline, || poll(side))
            }
        };
        match done {
            Some(done) => done.map_err(Missed::Disconnected),
            None => Err(Missed::Timeout),
        }
    }
}

#[cfg(all(test, not(rendezvous_loom)))]
mod tests {
    use super::*;

    /// Two sides that have both completed `start` rendezvous.
    fn pair_at(start: u64) -> (Protocol<()>, Party, Party) {
        let protocol = Protocol::new(());
        let (mut left, mut right) = Protocol::<()>::parties();
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
                    protocol.rendezvous(&mut right, Deadline::FOREVER).unwrap();
                }
            });
            for _ in 0..rounds {
                protocol.rendezvous(&mut left, Deadline::FOREVER).unwrap();
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
            assert!(protocol.would_block(&left), "start {start}");
            // Left arrives; right still has the old count: not arrived.
            left.arrivals += 1;
            left.phase = Phase::Pending;
            assert!(protocol.would_block(&left), "start {start}");
            let right_word = protocol.words[1].load(Ordering::Relaxed);
            assert_eq!(left.poll(right_word), None, "start {start}");
            // Right arrived: the 29-bit count may have wrapped to zero.
            let arrived = ((start + 1) as u32) << FLAG_BITS;
            protocol.words[1].store(arrived, Ordering::Relaxed);
            assert!(!protocol.would_block(&left), "start {start}");
            assert_eq!(left.poll(arrived), Some(Ok(())), "start {start}");
        }
    }

    #[test]
    fn a_closed_partner_one_behind_is_disconnected() {
        let (protocol, mut left, right) = pair_at(7);
        protocol.close(&right);
        assert!(!protocol.would_block(&left));
        left.arrivals += 1;
        left.phase = Phase::Pending;
        let err = left
            .poll(right.word() | CLOSED | PANICKED)
            .unwrap()
            .unwrap_err();
        assert_eq!((err.partner_swaps(), err.partner_panicked()), (7, true));
        assert_eq!(left.completed(), 7);
        assert!(!protocol.would_block(&left));
    }
}
