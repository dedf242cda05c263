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

// The schedule of `Waiting::Park` (32 checks, then 20 µs of yields, then
// sleep) and the measurements behind it: bench/README.md, "The numbers
// behind the design". Loom has no clock and explores every interleaving of
// each step: there one check and one yield stand for each phase.

/// Checks of the partner's counter, each after a spin-loop hint, before
/// [`Waiting::Park`] starts to yield: a few line transfers' worth.
pub(crate) const SPINS: u32 = if cfg!(rendezvous_loom) { 1 } else { 32 };

/// How long [`Waiting::Park`] yields the core before it parks the thread.
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
