//! [`Rendezvous`]: a barrier for a pair of threads.

use crate::error::Disconnected;
#[cfg(feature = "std")]
use crate::error::TimeoutError;
use crate::protocol::{FOREVER, Missed, Protocol, Side};
use crate::shared::Shared;
use crate::waiting::Waiting;

/// One side of a barrier for exactly two threads.
///
/// Each call to [`wait`](Rendezvous::wait) blocks until the partner handle
/// has called `wait` as often; then both go on. Between two waits, the two
/// threads run freely; at every wait they meet.
///
/// Make a pair with [`Rendezvous::new`] (shared through an `Arc`) or, without
/// an allocator, with [`RendezvousState::split`] (borrowed from state the
/// caller owns). The lifetime `'a` is the borrow, `'static` for `new`.
///
#[cfg_attr(
    not(feature = "alloc"),
    doc = "[`Rendezvous::new`]: https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.Rendezvous.html#method.new\n"
)]
///
///
/// If the partner handle is dropped (its thread finished, or panicked), the
/// waiting side does not hang: [`wait`](Rendezvous::wait) panics and
/// [`try_wait`](Rendezvous::try_wait) returns [`Disconnected`].
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::Rendezvous;
/// use std::thread;
///
/// let (mut my_rendezvous, mut their_rendezvous) = Rendezvous::new();
/// thread::spawn(move || {
///     for i in 1..5 {
///         println!("{i}");
///         their_rendezvous.wait();
///     }
/// });
/// for i in 1..5 {
///     println!("{i}");
///     my_rendezvous.wait();
/// }
/// ```
///
/// This prints:
///
/// ```text
/// 1
/// 1
/// 2
/// 2
/// 3
/// 3
/// 4
/// 4
/// ```
pub struct Rendezvous<'a> {
    state: Shared<'a, Protocol>,
    side: Side,
}

#[cfg(feature = "alloc")]
impl Rendezvous<'static> {
    /// Makes the two handles of a new pair, sharing their state through an
    /// `Arc`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, mut right) = rendezvous_lockstep::Rendezvous::new();
    /// let t = std::thread::spawn(move || right.wait());
    /// left.wait();
    /// t.join().unwrap();
    /// ```
    #[must_use]
    pub fn new() -> (Self, Self) {
        let (left, right) = Shared::pair(Protocol::new());
        let (left_side, right_side) = Protocol::sides();
        (
            Rendezvous {
                state: left,
                side: left_side,
            },
            Rendezvous {
                state: right,
                side: right_side,
            },
        )
    }
}

impl Rendezvous<'_> {
    /// Blocks until the partner reaches its matching `wait`.
    ///
    /// # Panics
    ///
    /// If the partner handle was dropped before reaching it, with the
    /// message of [`Disconnected`]. [`try_wait`](Rendezvous::try_wait)
    /// returns the error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, mut right) = rendezvous_lockstep::Rendezvous::new();
    /// let t = std::thread::spawn(move || right.wait());
    /// left.wait();
    /// t.join().unwrap();
    /// assert_eq!(left.swaps(), 1);
    /// ```
    #[track_caller]
    pub fn wait(&mut self) {
        self.wait_inline();
    }

    /// [`wait`](Rendezvous::wait), always inlined into the caller.
    ///
    /// # Panics
    ///
    /// As [`wait`](Rendezvous::wait).
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, mut right) = rendezvous_lockstep::Rendezvous::new();
    /// let t = std::thread::spawn(move || right.wait_inline());
    /// left.wait_inline();
    /// t.join().unwrap();
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn wait_inline(&mut self) {
        if let Err(err) = self.try_wait() {
            crate::disconnected(err);
        }
    }

    /// Like [`wait`](Rendezvous::wait), but returns an error instead of
    /// panicking when the partner is gone. It blocks all the same.
    ///
    /// # Errors
    ///
    /// [`Disconnected`] if the partner handle was dropped before reaching
    /// this rendezvous. Every later call returns the same error.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, right) = rendezvous_lockstep::Rendezvous::new();
    /// drop(right);
    /// assert!(left.try_wait().is_err());
    /// ```
    #[inline(always)]
    pub fn try_wait(&mut self) -> Result<(), Disconnected> {
        self.state
            .rendezvous(&mut self.side, FOREVER)
            .map_err(Missed::without_deadline)
    }

    /// Like [`try_wait`](Rendezvous::try_wait), but gives up after `timeout`.
    ///
    /// A timeout cannot withdraw this side's arrival: the partner may see it
    /// at any moment. So the arrival stands, and the next `wait`,
    /// `try_wait` or `wait_timeout` waits for the same rendezvous instead of
    /// arriving at a new one.
    ///
    /// # Errors
    ///
    /// [`TimeoutError::Timeout`] if the partner did not arrive in time;
    /// [`TimeoutError::Disconnected`] if it is gone.
    ///
    /// # Examples
    ///
    /// ```
    /// use rendezvous_lockstep::{Rendezvous, TimeoutError};
    /// use std::time::Duration;
    ///
    /// let (mut left, mut right) = Rendezvous::new();
    /// assert_eq!(left.wait_timeout(Duration::from_millis(5)), Err(TimeoutError::Timeout));
    /// assert!(left.is_pending());
    /// right.wait(); // completes the rendezvous left arrived at
    /// assert_eq!(left.wait_timeout(Duration::from_millis(5)), Ok(()));
    /// assert_eq!((left.swaps(), right.swaps()), (1, 1));
    /// ```
    #[cfg(feature = "std")]
    pub fn wait_timeout(&mut self, timeout: core::time::Duration) -> Result<(), TimeoutError> {
        let deadline = std::time::Instant::now().checked_add(timeout);
        self.state
            .rendezvous(&mut self.side, deadline)
            .map_err(TimeoutError::from)
    }

    /// How many rendezvous this side has completed.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, _right) = rendezvous_lockstep::Rendezvous::new();
    /// assert_eq!(left.swaps(), 0);
    /// ```
    #[must_use]
    pub fn swaps(&self) -> u64 {
        self.side.completed()
    }

    /// Whether this side's arrival stands after a timeout, so that the next
    /// wait completes that rendezvous rather than arriving at a new one.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, _right) = rendezvous_lockstep::Rendezvous::new();
    /// assert!(!left.is_pending());
    /// ```
    #[must_use]
    pub fn is_pending(&self) -> bool {
        self.side.is_pending()
    }

    /// How this side waits for a late partner.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, _right) = rendezvous_lockstep::Rendezvous::new();
    /// assert_eq!(left.waiting(), rendezvous_lockstep::Waiting::default());
    /// ```
    #[must_use]
    pub fn waiting(&self) -> Waiting {
        self.side.waiting
    }

    /// Sets how this side waits for a late partner.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, _right) = rendezvous_lockstep::Rendezvous::new();
    /// left.set_waiting(rendezvous_lockstep::Waiting::Spin);
    /// ```
    pub fn set_waiting(&mut self, waiting: Waiting) {
        self.side.waiting = waiting;
    }
}

impl Drop for Rendezvous<'_> {
    fn drop(&mut self) {
        self.state.close(&self.side);
    }
}

impl core::fmt::Debug for Rendezvous<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Rendezvous")
            .field("side", &self.side.index())
            .field("swaps", &self.swaps())
            .field("pending", &self.is_pending())
            .finish_non_exhaustive()
    }
}

/// The state of a [`Rendezvous`] pair, owned by the caller: a pair that needs
/// no allocator.
///
/// Put it anywhere (on the stack, in a `static` cell), then
/// [`split`](RendezvousState::split) it into two handles that borrow it.
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::RendezvousState;
///
/// let mut state = RendezvousState::new();
/// std::thread::scope(|s| {
///     let (mut left, mut right) = state.split();
///     s.spawn(move || right.wait());
///     left.wait();
/// });
/// ```
pub struct RendezvousState {
    protocol: Protocol,
}

impl RendezvousState {
    /// New state, ready to be split.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut state = rendezvous_lockstep::RendezvousState::new();
    /// let (left, right) = state.split();
    /// assert_eq!((left.swaps(), right.swaps()), (0, 0));
    /// ```
    #[must_use]
    pub fn new() -> Self {
        RendezvousState {
            protocol: Protocol::new(),
        }
    }

    /// Makes the two handles of a new pair over this state.
    ///
    /// The state can be split again once both handles are gone; each split
    /// starts a fresh pair.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut state = rendezvous_lockstep::RendezvousState::new();
    /// for _ in 0..2 {
    ///     let (mut left, mut right) = state.split();
    ///     std::thread::scope(|s| {
    ///         s.spawn(move || right.wait());
    ///         left.wait();
    ///     });
    /// }
    /// ```
    #[must_use]
    pub fn split(&mut self) -> (Rendezvous<'_>, Rendezvous<'_>) {
        self.protocol = Protocol::new();
        let (left_side, right_side) = Protocol::sides();
        let state = &self.protocol;
        (
            Rendezvous {
                state: Shared::borrowed(state),
                side: left_side,
            },
            Rendezvous {
                state: Shared::borrowed(state),
                side: right_side,
            },
        )
    }
}

impl Default for RendezvousState {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for RendezvousState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RendezvousState").finish_non_exhaustive()
    }
}
