//! How a side waits for its partner: the strategies and their schedule.

/// How a handle waits when its partner has not arrived yet.
///
/// Both strategies first spin: in a tight lockstep loop the partner is usually
/// a few dozen nanoseconds away, and spinning is the fastest way to notice.
/// They differ in what happens when the partner is late.
///
/// A handle starts with [`Waiting::default()`]; change it with
/// `set_waiting` on [`Rendezvous`][`crate::Rendezvous`],
/// [`RendezvousData`][`crate::RendezvousData`] and their borrowed twins, or,
/// for `lockstep::run`, with `lockstep::Builder` (`std`). The two sides of a
/// pair may use different strategies.
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::{Rendezvous, Waiting};
///
/// let (mut left, right) = Rendezvous::new();
/// left.set_waiting(Waiting::Spin);
/// assert_eq!(left.waiting(), Waiting::Spin);
/// assert_eq!(right.waiting(), Waiting::default());
/// ```
///
#[cfg_attr(not(feature = "alloc"), doc = owned_handle_links!())]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Waiting {
    /// Spin until the partner arrives, however long that takes.
    ///
    /// The lowest latency, at the price of a busy core while waiting. Choose it
    /// when each thread has a core of its own and the partner is never slow.
    /// It is the only strategy without the `std` feature.
    Spin,
    /// Spin briefly (32 checks), then yield the core for up to 20 µs, then
    /// park the thread until the partner arrives. A deadline is checked
    /// before every yield, so a short timeout is honoured.
    ///
    /// Almost as fast as [`Waiting::Spin`] when both sides keep pace, burns no
    /// core while the partner is slow, and keeps working with more threads
    /// than cores. The default with the `std` feature.
    #[cfg(feature = "std")]
    Park,
}

impl Default for Waiting {
    fn default() -> Self {
        #[cfg(feature = "std")]
        return Waiting::Park;
        #[cfg(not(feature = "std"))]
        return Waiting::Spin;
    }
}

// # The schedule of `Waiting::Park`, and the numbers behind it
//
// Measured with `cargo run --release -p rendezvous-bench` on a 2-core AMD
// EPYC (Zen 4) virtual machine, medians; "3 pairs" is the oversubscribed
// scenario (3 pairs of threads on the 2 cores, ns per round of one pair),
// "slow partner" the waiting side's CPU share while its partner sleeps 1 ms
// per round. std::sync::Barrier did 10,700-12,000 ns per round in the same
// runs.
//
// - Spinning pays while the partner runs on the other core: it arrives
//   within one cache-line transfer (30-170 ns here), far less than a yield
//   (a system call) or a sleep (a futex wake, 10 µs and more). A
//   `spin_loop` hint and a check cost about 12 ns on this core, so 32
//   checks cover 400 ns: a few transfers, with margin.
// - With more threads than cores the partner is often not running, and every
//   check is wasted time of the core the partner may need. 3 pairs, with
//   the yield phase below: 0 checks 2,200-2,300 ns per round (stable, but an
//   idle pair then makes a system call whenever its partner is a few ns
//   late); 8 checks 1,600; 32 checks 1,400-2,300; 128 checks 3,000-4,700;
//   the first schedule (256 checks, 8 yields) 12,600-23,700, worse than
//   `Barrier`.
// - Yielding hands the core to a runnable thread, often the partner, for
//   the price of a system call and no wake-up; a sleeping side must be woken
//   by its partner through the kernel. A yield returns at once on an idle
//   core and takes a time slice on a busy one, so the yield phase is
//   measured in time, not in yields: 20 µs. 3 pairs with 64 checks (under
//   load from other jobs): 8 yields 6,200-9,300, 64 yields 3,100-6,200; 5 µs
//   of yields 9,300, 20 µs 7,300-9,400, 50 µs 8,200-9,400. The slow partner
//   pays for it: 1.4% of a core with 8 yields, 2.2% with 20 µs, 5.1% with
//   50 µs (the limit we hold ourselves to is 5%).
// - With 3 pairs on 2 cores the outcome is decided less by the schedule than
//   by where Linux puts the threads (the benchmark samples `sched_getcpu`):
//   a pair whose two threads share a core's run queue pays two thread
//   switches per round, 2,250-3,590 ns, while split pairs spin together and
//   take turns, 76-1,650 ns. No schedule changes the first figure; 0 checks
//   only brings the second up to it (every run 2,160-2,710 ns).
//
// Loom has no clock and explores every interleaving of each step: there
// one check and one yield stand for each phase.

/// Checks of the partner's counter, each after a spin-loop hint, before
/// [`Waiting::Park`] starts to yield. See the schedule's notes above.
pub(crate) const SPINS: u32 = if cfg!(rendezvous_loom) { 1 } else { 32 };

/// How long [`Waiting::Park`] yields the core before it parks the thread.
/// See the schedule's notes above.
#[cfg(all(feature = "std", not(rendezvous_loom)))]
pub(crate) const YIELD_FOR: core::time::Duration = core::time::Duration::from_micros(20);

/// The yielding phase of [`Waiting::Park`]: over once [`YIELD_FOR`] has
/// passed (after one yield under loom, which has no clock to model).
#[cfg(feature = "std")]
pub(crate) struct YieldBudget {
    #[cfg(not(rendezvous_loom))]
    since: std::time::Instant,
}

#[cfg(feature = "std")]
impl YieldBudget {
    /// Starts the yielding phase now.
    #[inline]
    pub(crate) fn start() -> Self {
        YieldBudget {
            #[cfg(not(rendezvous_loom))]
            since: std::time::Instant::now(),
        }
    }

    /// Whether the phase is over.
    #[inline]
    pub(crate) fn spent(&self) -> bool {
        #[cfg(not(rendezvous_loom))]
        return self.since.elapsed() >= YIELD_FOR;
        #[cfg(rendezvous_loom)]
        return true;
    }
}

/// Under [`Waiting::Spin`] with a deadline, the clock is read once per this
/// many checks.
pub(crate) const SPINS_PER_CLOCK_READ: u32 = 64;
