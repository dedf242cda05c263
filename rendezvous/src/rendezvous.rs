//! [`Rendezvous`]: a barrier for a pair of threads.

use crate::deadline::Deadline;
use crate::error::Disconnected;
use crate::error::Missed;
#[cfg(feature = "alloc")]
use crate::primitive::Arc;
use crate::primitive::const_fn;
use crate::protocol::{Party, Protocol};
use core::panic::{RefUnwindSafe, UnwindSafe};
#[cfg(feature = "std")]
use {crate::error::TimeoutError, core::time::Duration, std::time::Instant};

/// One side of a barrier for exactly two threads.
///
/// Each call to [`wait`](Rendezvous::wait) blocks until the partner handle
/// has called `wait` as often; then both go on. Between two waits, the two
/// threads run freely; at every wait they meet.
///
/// Make a pair with [`Rendezvous::new`], which shares the pair's state
/// through an `Arc` (the `alloc` feature). Without an allocator,
/// [`RendezvousState::split`] makes a pair of [`RendezvousRef`]s, the same
/// handle borrowing state the caller owns.
///
/// A handle is [`Send`] and [`Sync`] (a `&Rendezvous` only reads), and
/// unwind-safe: a panic cannot leave a pair half-met, since a handle dropped
/// while unwinding tells its partner so.
///
/// If the partner handle is dropped (its thread finished, or panicked), the
/// waiting side does not hang: [`wait`](Rendezvous::wait) panics and
/// [`try_wait`](Rendezvous::try_wait) returns [`Disconnected`].
///
/// # Examples
///
/// Two threads work in rounds and meet after each one. Once `wait` returns,
/// the partner has finished the same round, and it cannot finish the next
/// one before this side arrives again:
///
/// ```
/// use rendezvous_lockstep::Rendezvous;
/// use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
/// use std::thread;
///
/// let rounds_done = [AtomicU32::new(0), AtomicU32::new(0)];
/// let (mut east, mut west) = Rendezvous::new();
/// thread::scope(|s| {
///     let rounds_done = &rounds_done;
///     s.spawn(move || {
///         for round in 1..=3 {
///             rounds_done[1].store(round, Relaxed);
///             west.wait();
///             assert!((round..=round + 1).contains(&rounds_done[0].load(Relaxed)));
///         }
///     });
///     for round in 1..=3 {
///         rounds_done[0].store(round, Relaxed);
///         east.wait();
///         assert!((round..=round + 1).contains(&rounds_done[1].load(Relaxed)));
///     }
/// });
/// ```
#[cfg(feature = "alloc")]
pub struct Rendezvous {
    state: Arc<RendezvousState>,
    side: Party,
}

#[cfg(feature = "alloc")]
impl Rendezvous {
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
        let state = Arc::new(RendezvousState::new());
        let (left_side, right_side) = Protocol::<()>::parties();
        (
            Rendezvous {
                state: Arc::clone(&state),
                side: left_side,
            },
            Rendezvous {
                state,
                side: right_side,
            },
        )
    }
}

/// One side of a barrier for two threads, borrowing state the caller owns:
/// [`Rendezvous`] without an allocator.
///
/// [`RendezvousState::split`] makes a pair. The methods are those of
/// [`Rendezvous`], with the same behaviour; `'a` is the borrow of the state.
/// A handle is [`Send`], [`Sync`] and unwind-safe, as [`Rendezvous`].
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::{RendezvousRef, RendezvousState};
///
/// fn meet_twice(side: &mut RendezvousRef<'_>) {
///     side.wait();
///     side.wait();
/// }
///
/// let mut state = RendezvousState::new();
/// let (mut left, mut right) = state.split();
/// std::thread::scope(|s| {
///     s.spawn(move || meet_twice(&mut right));
///     meet_twice(&mut left);
/// });
/// assert_eq!(left.swaps(), 2);
/// ```
///
#[cfg_attr(not(feature = "alloc"), doc = owned_handle_links!())]
pub struct RendezvousRef<'a> {
    state: &'a RendezvousState,
    side: Party,
}

/// Writes the methods and trait impls of one face of the barrier handle,
/// `Rendezvous` or `RendezvousRef<'_>`, whose doc examples make their pair
/// through `Rendezvous::new` or `RendezvousState::split` (see `doc_pair!`).
/// The examples run the partner on a scoped thread, as a borrowed handle
/// cannot move to a thread that may outlive its state.
macro_rules! barrier_handle {
    (
        $(#[$face:meta])*
        impl $Handle:ident $(<$lifetime:lifetime>)?, pairs from $Maker:ident::$how:ident
    ) => {
        $(#[$face])*
        impl $Handle $(<$lifetime>)? {
            /// Blocks until the partner reaches its matching `wait`.
            ///
            /// # Panics
            ///
            /// If the partner handle was dropped before reaching it, with the
            /// message of [`Disconnected`]. [`try_wait`](Self::try_wait)
            /// returns the error instead.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), ())]
            /// std::thread::scope(|s| {
            ///     s.spawn(|| right.wait());
            ///     left.wait();
            /// });
            /// assert_eq!(left.swaps(), 1);
            /// ```
            #[track_caller]
            pub fn wait(&mut self) {
                self.wait_inline();
            }

            /// [`wait`](Self::wait), always inlined into the caller.
            ///
            /// # Panics
            ///
            /// As [`wait`](Self::wait).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), ())]
            /// std::thread::scope(|s| {
            ///     s.spawn(|| right.wait_inline());
            ///     left.wait_inline();
            /// });
            /// ```
            #[inline(always)]
            #[track_caller]
            pub fn wait_inline(&mut self) {
                if let Err(err) = self.try_wait() {
                    crate::error::disconnected(err);
                }
            }

            /// Like [`wait`](Self::wait), but returns an error instead of
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
            #[doc = doc_pair!($Maker::$how, (mut left, right), ())]
            /// drop(right);
            /// assert!(left.try_wait().is_err());
            /// ```
            #[inline(always)]
            pub fn try_wait(&mut self) -> Result<(), Disconnected> {
                self.state.try_wait(&mut self.side)
            }

            /// Like [`try_wait`](Self::try_wait), but gives up after `timeout`.
            ///
            /// A timeout cannot withdraw this side's arrival: the partner may see it
            /// at any moment. So the arrival stands, and the next `wait`,
            /// `try_wait`, `wait_timeout` or `wait_deadline` waits for the same
            /// rendezvous instead of arriving at a new one. A short timeout is
            /// honoured with either [`Waiting`](crate::Waiting) strategy: `Duration::ZERO` returns
            /// within microseconds.
            ///
            /// # Errors
            ///
            /// [`TimeoutError::Timeout`] if the partner did not arrive in time;
            /// [`TimeoutError::Disconnected`] if it is gone.
            ///
            /// # Examples
            ///
            /// ```
            /// use rendezvous_lockstep::TimeoutError;
            /// use std::time::Duration;
            ///
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), ())]
            /// assert_eq!(left.wait_timeout(Duration::from_millis(5)), Err(TimeoutError::Timeout));
            /// assert!(left.is_pending());
            /// right.wait(); // completes the rendezvous left arrived at
            /// assert_eq!(left.wait_timeout(Duration::from_millis(5)), Ok(()));
            /// assert_eq!((left.swaps(), right.swaps()), (1, 1));
            /// ```
            #[cfg(feature = "std")]
            pub fn wait_timeout(&mut self, timeout: Duration) -> Result<(), TimeoutError> {
                self.state.wait_until(&mut self.side, Deadline::after(timeout))
            }

            /// Like [`wait_timeout`](Self::wait_timeout), but gives up at
            /// `deadline`.
            ///
            /// # Errors
            ///
            /// As [`wait_timeout`](Self::wait_timeout).
            ///
            /// # Examples
            ///
            /// ```
            /// use rendezvous_lockstep::TimeoutError;
            /// use std::time::{Duration, Instant};
            ///
            #[doc = doc_pair!($Maker::$how, (mut left, _right), ())]
            /// let deadline = Instant::now() + Duration::from_millis(2);
            /// assert_eq!(left.wait_deadline(deadline), Err(TimeoutError::Timeout));
            /// assert!(Instant::now() >= deadline);
            /// ```
            #[cfg(feature = "std")]
            pub fn wait_deadline(&mut self, deadline: Instant) -> Result<(), TimeoutError> {
                self.state.wait_until(&mut self.side, Deadline::at(deadline))
            }

            /// Whether a [`wait`](Self::wait) now would block: `false` if the
            /// partner already waits at the matching rendezvous, or is gone. Arrives
            /// nowhere, so a real-time thread can meet only when it costs nothing.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, right), ())]
            /// assert!(left.would_block());
            /// drop(right);
            /// assert!(!left.would_block());
            /// assert!(left.try_wait().is_err());
            /// ```
            #[must_use]
            pub fn would_block(&self) -> bool {
                self.state.protocol().would_block(&self.side)
            }

            side_methods! {
                pairs from $Maker::$how ();
                /// How many rendezvous this side has completed.
                fn swaps;
                /// Whether this side's arrival stands after a timeout, so that the next
                /// wait completes that rendezvous rather than arriving at a new one.
                fn is_pending;
            }
        }

        side_impls! {
            $(#[$face])*
            impl[] $Handle $(<$lifetime>)?, named $Handle
        }

        // A pair holds no user data: a panic while a handle is in use leaves
        // nothing inconsistent to observe afterwards. A handle dropped while
        // its thread unwinds marks its side panicked, and the partner's next
        // wait reports it; std's `Barrier` is unwind-safe for the same reason.
        $(#[$face])*
        impl UnwindSafe for $Handle $(<$lifetime>)? {}
        $(#[$face])*
        impl RefUnwindSafe for $Handle $(<$lifetime>)? {}
    };
}

barrier_handle! {
    #[cfg(feature = "alloc")]
    impl Rendezvous, pairs from Rendezvous::new
}

barrier_handle! {
    impl RendezvousRef<'_>, pairs from RendezvousState::split
}

/// The state of a [`Rendezvous`] pair, owned by the caller: a pair that needs
/// no allocator.
///
/// Put it anywhere (on the stack, in a `static`: [`new`] is a `const fn`),
/// then [`split`](RendezvousState::split) it into two [`RendezvousRef`]
/// handles that borrow it. A pair in a `static` is split through a cell
/// that hands out its `&'static mut` once, without `unsafe`: see
/// [the recipe in the crate docs](crate#without-an-allocator).
///
/// [`new`]: RendezvousState::new
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
///
#[cfg_attr(not(feature = "alloc"), doc = owned_handle_links!())]
pub struct RendezvousState {
    protocol: Protocol<()>,
}

impl RendezvousState {
    const_fn! {
        /// New state, ready to be split. A `const fn`, so a `static` can
        /// hold a pair.
        ///
        /// # Examples
        ///
        /// ```
        /// use rendezvous_lockstep::RendezvousState;
        ///
        /// static STATE: RendezvousState = RendezvousState::new();
        /// let mut state = RendezvousState::new();
        /// let (left, right) = state.split();
        /// assert_eq!((left.swaps(), right.swaps()), (0, 0));
        /// ```
        #[must_use]
        pub fn new() -> Self {
            RendezvousState {
                protocol: Protocol::new(()),
            }
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
    pub fn split(&mut self) -> (RendezvousRef<'_>, RendezvousRef<'_>) {
        self.protocol.renew();
        let (left_side, right_side) = Protocol::<()>::parties();
        let state = &*self;
        (
            RendezvousRef {
                state,
                side: left_side,
            },
            RendezvousRef {
                state,
                side: right_side,
            },
        )
    }

    /// The protocol, for the handles' calls that are not a wait.
    #[inline(always)]
    fn protocol(&self) -> &Protocol<()> {
        &self.protocol
    }

    /// Arrives and waits for the partner, with no deadline.
    #[inline(always)]
    fn try_wait(&self, side: &mut Party) -> Result<(), Disconnected> {
        self.protocol
            .rendezvous(side, Deadline::FOREVER)
            .map_err(Missed::without_deadline)
    }

    /// Arrives (unless an arrival stands) and waits until `deadline`.
    #[cfg(feature = "std")]
    fn wait_until(&self, side: &mut Party, deadline: Deadline) -> Result<(), TimeoutError> {
        self.protocol
            .rendezvous(side, deadline)
            .map_err(TimeoutError::from)
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

// Unwind-safe for the reason given at the handles' impls (`barrier_handle!`).
impl UnwindSafe for RendezvousState {}
impl RefUnwindSafe for RendezvousState {}
