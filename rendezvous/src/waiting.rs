//! How a side waits for its partner: the strategies and their schedule.

/// How a handle waits when its partner has not arrived yet.
///
/// Both strategies first spin: in a tight lockstep loop the partner is usually
/// a few dozen nanoseconds away, and spinning is the fastest way to notice.
/// They differ in what happens when the partner is late.
///
/// A handle starts with [`Waiting::default()`]; change it with
/// `set_waiting` on [`Rendezvous`](crate::Rendezvous) or
/// [`RendezvousData`](crate::RendezvousData). The two sides of a pair may use
/// different strategies.
///
/// # Examples
///
/// ```
/// use rendezvous::{Rendezvous, Waiting};
///
/// let (mut left, right) = Rendezvous::new();
/// left.set_waiting(Waiting::Spin);
/// assert_eq!(left.waiting(), Waiting::Spin);
/// assert_eq!(right.waiting(), Waiting::default());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Waiting {
    /// Spin until the partner arrives, however long that takes.
    ///
    /// The lowest latency, at the price of a busy core while waiting. Choose it
    /// when each thread has a core of its own and the partner is never slow.
    /// It is the only strategy without the `std` feature.
    Spin,
    /// Spin briefly, then yield the core a few times, then park the thread
    /// until the partner arrives.
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

/// Checks of the partner's counter, each after a spin-loop hint, before
/// [`Waiting::Park`] starts to yield.
pub(crate) const SPINS: u32 = if cfg!(loom) { 1 } else { 256 };

/// Yields of the core before [`Waiting::Park`] parks the thread.
#[cfg(feature = "std")]
pub(crate) const YIELDS: u32 = if cfg!(loom) { 1 } else { 8 };

/// Under [`Waiting::Spin`] with a deadline, the clock is read once per this
/// many checks.
#[cfg(feature = "std")]
pub(crate) const SPINS_PER_CLOCK_READ: u32 = 64;
