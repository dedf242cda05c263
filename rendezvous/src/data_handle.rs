//! The handles of a pair that swaps buffers: [`RendezvousData`] (owning its
//! share of the pair) and [`RendezvousDataRef`] (borrowing the caller's
//! [`RendezvousDataState`]). Both are thin: the state does the work.

use crate::data::RendezvousDataState;
#[cfg(feature = "std")]
use crate::deadline::Deadline;
use crate::error::Disconnected;
use crate::handoff::{self, IterTake};
#[cfg(feature = "alloc")]
use crate::primitive::Arc;
use crate::protocol::Party;
#[cfg(feature = "std")]
use {crate::error::TimeoutError, core::time::Duration, std::time::Instant};

/// One side of a rendezvous for two threads that swap buffers when they meet.
///
/// A pair is made from two values of `T`, one buffer per side. At every
/// rendezvous the two sides trade buffers: each [`swap`](RendezvousData::swap)
/// returns the buffer the partner held until its matching `swap`. Only the
/// ownership changes hands, so a swap costs the same for a `u64` and for a
/// megabyte.
///
/// A handle owns exactly one buffer between swaps, also before the first one:
/// [`get_mut`](RendezvousData::get_mut) reaches it. The `&mut T` borrows the
/// handle, so it cannot be kept across the next swap: the borrow checker,
/// not a runtime check, proves that the two threads never touch one buffer
/// at the same time.
///
/// `T` only needs to be [`Send`]: each buffer is used by one thread at a
/// time, never shared, so `Cell` and `RefCell` buffers work. The handle is
/// then [`Send`] and [`Sync`] (a `&RendezvousData` reaches no buffer), and
/// unwind-safe when `T` is.
///
/// [`RendezvousData::new`] shares the pair's state through an `Arc` (the
/// `alloc` feature). Without an allocator, [`RendezvousDataState::split`]
/// makes a pair of [`RendezvousDataRef`]s, the same handle borrowing state
/// the caller owns.
///
/// # Partner failure
///
/// A value is handed over only by a completed swap. If the partner handle is
/// dropped (its thread finished, or panicked) before its matching swap, the
/// waiting side does not hang: [`swap`](RendezvousData::swap) panics and
/// [`try_swap`](RendezvousData::try_swap) returns [`Disconnected`]. The
/// survivor keeps the buffer it held before that swap, with everything the
/// partner handed over earlier; [`get_mut`](RendezvousData::get_mut) still
/// reaches it. What the partner wrote into its own buffer after the last
/// completed swap was never handed over; it is dropped with the pair's state.
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::RendezvousData;
/// use std::thread;
///
/// // A sensor thread hands readings to a logger, which answers in the same
/// // buffer: each side writes into the buffer it holds, and the other side
/// // holds it after their next swap.
/// let (mut sensor, mut logger) = RendezvousData::new(String::new(), String::new());
/// let logged = thread::spawn(move || {
///     let line = logger.swap(); // the sensor's first buffer, with its reading
///     let reading = line.clone();
///     line.clear();
///     line.push_str("logged");
///     logger.swap(); // the answer goes back
///     reading
/// });
/// sensor.get_mut().push_str("21.5 C");
/// sensor.swap(); // the reading leaves; the logger's empty buffer comes in
/// assert_eq!(sensor.swap(), "logged");
/// assert_eq!(logged.join().unwrap(), "21.5 C");
/// ```
///
/// The `&mut T` of a swap cannot be used after the next swap: by then the
/// buffer is the partner's, so holding on to it is a borrow error (E0499).
///
/// ```compile_fail,E0499
/// use rendezvous_lockstep::RendezvousData;
///
/// let (mut sender, mut receiver) = RendezvousData::new([0_u8; 4], [0_u8; 4]);
/// std::thread::spawn(move || {
///     receiver.swap();
///     receiver.swap();
/// });
/// let packet = sender.swap();
/// sender.swap(); // `packet` still borrows `sender`
/// packet[0] = 1; // a write into the buffer the receiver now holds
/// ```
#[cfg(feature = "alloc")]
pub struct RendezvousData<T> {
    state: Arc<RendezvousDataState<T>>,
    side: Party,
}

#[cfg(feature = "alloc")]
impl<T: Send> RendezvousData<T> {
    /// Makes the two handles of a new pair, sharing their state through an
    /// `Arc`. The first handle starts with buffer `a`, the second with `b`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, mut right) = rendezvous_lockstep::RendezvousData::new(1, 2);
    /// assert_eq!((*left.get_mut(), *right.get_mut()), (1, 2));
    /// ```
    #[must_use]
    pub fn new(a: T, b: T) -> (Self, Self) {
        let state = Arc::new(RendezvousDataState::new(a, b));
        let (left, right) = crate::protocol::Protocol::<()>::parties();
        (
            RendezvousData {
                state: Arc::clone(&state),
                side: left,
            },
            RendezvousData { state, side: right },
        )
    }
}

/// One side of a pair that swaps buffers, borrowing state the caller owns:
/// [`RendezvousData`] without an allocator.
///
/// [`RendezvousDataState::split`] makes a pair. The methods are those of
/// [`RendezvousData`], with the same behaviour; `'a` is the borrow of the
/// state. A handle is [`Send`] and [`Sync`] for `T: Send`, and unwind-safe
/// when `T` is, as [`RendezvousData`].
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::{RendezvousDataRef, RendezvousDataState};
///
/// fn produce(side: &mut RendezvousDataRef<'_, Vec<u8>>) {
///     for i in 0..3 {
///         let buf = side.swap();
///         buf.clear();
///         buf.push(i);
///     }
///     side.swap();
/// }
///
/// let mut state = RendezvousDataState::new(Vec::new(), Vec::new());
/// let (mut producer, mut consumer) = state.split();
/// std::thread::scope(|s| {
///     s.spawn(move || produce(&mut producer));
///     consumer.swap();
///     for i in 0..3 {
///         assert_eq!(*consumer.swap(), [i]);
///     }
/// });
/// ```
///
#[cfg_attr(not(feature = "alloc"), doc = owned_handle_links!())]
pub struct RendezvousDataRef<'a, T> {
    state: &'a RendezvousDataState<T>,
    side: Party,
}

impl<T: Send> RendezvousDataState<T> {
    /// Makes the two handles of a new pair over this state.
    ///
    /// The first handle starts with the buffer in slot `a`, the second with
    /// slot `b`. The state can be split again once both handles are gone;
    /// each split starts a fresh pair with the buffers as they were left.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut state = rendezvous_lockstep::RendezvousDataState::new(0, 0);
    /// let (mut left, mut right) = state.split();
    /// *left.get_mut() = 1;
    /// *right.get_mut() = 2;
    /// drop((left, right));
    /// let (mut left, _right) = state.split();
    /// assert_eq!(*left.get_mut(), 1);
    /// ```
    #[must_use]
    pub fn split(&mut self) -> (RendezvousDataRef<'_, T>, RendezvousDataRef<'_, T>) {
        let (left, right) = self.start_pair();
        let state = &*self;
        (
            RendezvousDataRef::new(state, left),
            RendezvousDataRef::new(state, right),
        )
    }
}

impl<'a, T> RendezvousDataRef<'a, T> {
    /// The handle of `side` over `state`.
    pub(crate) fn new(state: &'a RendezvousDataState<T>, side: Party) -> Self {
        RendezvousDataRef { state, side }
    }
}

/// Writes the methods and trait impls of one face of the data handle,
/// `RendezvousData<T>` or `RendezvousDataRef<'_, T>`, whose doc examples make
/// their pair through `RendezvousData::new` or `RendezvousDataState::split`
/// (see `doc_pair!`). The examples run the partner on a scoped thread, as a
/// borrowed handle cannot move to a thread that may outlive its state.
macro_rules! data_handle {
    (
        $(#[$face:meta])*
        impl<T> $Handle:ident<$($lifetime:lifetime,)? T>, pairs from $Maker:ident::$how:ident
    ) => {
        $(#[$face])*
        impl<T> $Handle<$($lifetime,)? T> {
            /// Waits for the partner's matching swap, then returns the buffer the
            /// partner held until then. This side's previous buffer goes to the
            /// partner.
            ///
            /// # Panics
            ///
            /// If the partner handle was dropped before its matching swap, with the
            /// message of [`Disconnected`]. [`try_swap`](Self::try_swap) returns the
            /// error instead.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), ("ping", "pong"))]
            /// std::thread::scope(|s| {
            ///     let t = s.spawn(|| *right.swap());
            ///     assert_eq!(*left.swap(), "pong");
            ///     assert_eq!(t.join().unwrap(), "ping");
            /// });
            /// ```
            #[track_caller]
            pub fn swap(&mut self) -> &mut T {
                self.swap_inline()
            }

            /// [`swap`](Self::swap), always inlined into the caller.
            ///
            /// # Panics
            ///
            /// As [`swap`](Self::swap).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), (1, 2))]
            /// std::thread::scope(|s| {
            ///     let t = s.spawn(|| *right.swap_inline());
            ///     assert_eq!(*left.swap_inline(), 2);
            ///     assert_eq!(t.join().unwrap(), 1);
            /// });
            /// ```
            #[inline(always)]
            #[track_caller]
            pub fn swap_inline(&mut self) -> &mut T {
                match self.state.try_swap(&mut self.side) {
                    Ok(buffer) => buffer,
                    Err(err) => crate::error::disconnected(err),
                }
            }

            /// Like [`swap`](Self::swap), but returns an error instead of
            /// panicking when the partner is gone. It blocks all the same.
            ///
            /// # Errors
            ///
            /// [`Disconnected`] if the partner handle was dropped before its matching
            /// swap. This side keeps its buffer ([`get_mut`](Self::get_mut)), and
            /// every later call returns the same error.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, right), (1, 2))]
            /// drop(right);
            /// assert!(left.try_swap().is_err());
            /// assert_eq!(*left.get_mut(), 1);
            /// ```
            #[inline(always)]
            pub fn try_swap(&mut self) -> Result<&mut T, Disconnected> {
                self.state.try_swap(&mut self.side)
            }

            /// Like [`try_swap`](Self::try_swap), but gives up after `timeout`.
            ///
            /// A timeout cannot withdraw this side's arrival: the partner may take
            /// the buffer at any moment. So the arrival stands, this side owns no
            /// buffer until the swap completes ([`is_pending`](Self::is_pending)
            /// tells), and the next `swap`, `try_swap`, `swap_timeout` or
            /// `swap_deadline` waits for the same swap instead of starting a new
            /// one. A handle dropped with its arrival standing leaves the partner
            /// that one swap: the partner receives this side's buffer, and what it
            /// hands over then (a [`give`](Self::give)'s value, say) goes to a side
            /// that will never read it, and is dropped with the pair. A short
            /// timeout is honoured with either
            /// [`Waiting`](crate::Waiting) strategy: `Duration::ZERO` returns
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
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), ('a', 'b'))]
            /// assert_eq!(left.swap_timeout(Duration::from_millis(5)), Err(TimeoutError::Timeout));
            /// assert_eq!(*right.swap(), 'a'); // completes the swap left arrived at
            /// assert_eq!(left.swap_timeout(Duration::from_millis(5)), Ok(&mut 'b'));
            /// ```
            #[cfg(feature = "std")]
            pub fn swap_timeout(&mut self, timeout: Duration) -> Result<&mut T, TimeoutError> {
                Ok(self.state.swap(&mut self.side, Deadline::after(timeout))?)
            }

            /// Like [`swap_timeout`](Self::swap_timeout), but gives up at
            /// `deadline`.
            ///
            /// # Errors
            ///
            /// As [`swap_timeout`](Self::swap_timeout).
            ///
            /// # Examples
            ///
            /// ```
            /// use rendezvous_lockstep::TimeoutError;
            /// use std::time::{Duration, Instant};
            ///
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), (1, 2))]
            /// let deadline = Instant::now() + Duration::from_millis(2);
            /// assert_eq!(left.swap_deadline(deadline), Err(TimeoutError::Timeout));
            /// assert_eq!(*right.swap(), 1);
            /// assert_eq!(left.swap_deadline(Instant::now()), Ok(&mut 2));
            /// ```
            #[cfg(feature = "std")]
            pub fn swap_deadline(&mut self, deadline: Instant) -> Result<&mut T, TimeoutError> {
                Ok(self.state.swap(&mut self.side, Deadline::at(deadline))?)
            }

            /// Whether a [`swap`](Self::swap) now would block: `false` if the
            /// partner already waits at the matching swap, or is gone. Arrives
            /// nowhere, so a real-time callback can swap only when it costs nothing.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut audio, mut producer), (0, 1))]
            /// assert!(audio.would_block()); // the producer is not there yet
            /// std::thread::scope(|s| {
            ///     let t = s.spawn(|| *producer.swap());
            ///     while audio.would_block() {
            ///         std::thread::yield_now(); // a callback would return instead
            ///     }
            ///     assert_eq!(*audio.swap(), 1);
            ///     assert_eq!(t.join().unwrap(), 0);
            /// });
            /// ```
            #[must_use]
            pub fn would_block(&self) -> bool {
                self.state.protocol().would_block(&self.side)
            }

            /// The buffer this side owns now, without a swap.
            ///
            /// # Panics
            ///
            /// While a swap is pending after a timeout
            /// ([`is_pending`](Self::is_pending)): this side then owns no buffer.
            /// Finish the swap first.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, _right), (vec![1], vec![2]))]
            /// left.get_mut().push(3);
            /// assert_eq!(left.get_mut(), &[1, 3]);
            /// ```
            #[track_caller]
            pub fn get_mut(&mut self) -> &mut T {
                self.state.get(&mut self.side)
            }

            side_methods! {
                pairs from $Maker::$how (0, 0);
                /// How many swaps this side has completed.
                fn swaps;
                /// Whether this side's arrival stands after a timeout: it owns no buffer
                /// until the next swap call completes that swap.
                fn is_pending;
            }
        }

        $(#[$face])*
        impl<T> $Handle<$($lifetime,)? Option<T>> {
            /// Hands `value` to the partner and returns the value the partner hands
            /// over at its matching `exchange`: Java's `Exchanger`, by ownership.
            ///
            /// Moves `value` into this side's buffer, swaps, and takes the value out
            /// of the buffer received: no `T: Default`, no copy of `T`.
            ///
            /// # Errors
            ///
            /// [`Disconnected`] if the partner is gone; `value` then stays in this
            /// side's buffer (`get_mut().take()` recovers it).
            ///
            /// # Panics
            ///
            /// If the partner handed over no value (it called `take`, or swapped
            /// an empty buffer), or a swap is pending after a timeout.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut left, mut right), (None, None))]
            /// std::thread::scope(|s| {
            ///     let t = s.spawn(|| right.exchange(vec![2]).unwrap());
            ///     assert_eq!(left.exchange(vec![1]).unwrap(), [2]);
            ///     assert_eq!(t.join().unwrap(), [1]);
            /// });
            /// drop(left);
            /// ```
            #[track_caller]
            pub fn exchange(&mut self, value: T) -> Result<T, Disconnected> {
                handoff::check_not_pending(self.is_pending(), "exchange");
                *self.get_mut() = Some(value);
                let received = self.try_swap()?;
                Ok(handoff::unload(received, "exchange"))
            }

            /// Hands `value` to the partner, which [`take`](Self::take)s it at its
            /// matching swap, and receives nothing back: a one-way hand-off. An
            /// object passed back and forth is given by one side and taken by the
            /// other, then given back.
            ///
            /// # Errors
            ///
            /// [`Disconnected`] if the partner is gone; `value` then stays in this
            /// side's buffer (`get_mut().take()` recovers it).
            ///
            /// # Panics
            ///
            /// If the partner handed a value over too (it called `give` or
            /// `exchange`: one side gives while the other takes); if this side's
            /// buffer still holds a value an earlier `give` failed to hand over;
            /// or if a swap is pending after a timeout.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut sim, mut render), (None::<String>, None))]
            /// std::thread::scope(|s| {
            ///     s.spawn(|| {
            ///         while let Ok(mut world) = render.take() {
            ///             world.push('*'); // draw
            ///             render.give(world).unwrap();
            ///         }
            ///     });
            ///     let mut world = String::new();
            ///     for _ in 0..3 {
            ///         sim.give(world).unwrap();
            ///         world = sim.take().unwrap(); // back from the renderer
            ///     }
            ///     assert_eq!(world, "***");
            ///     drop(sim); // the renderer's next take reports the hang-up
            /// });
            /// ```
            #[track_caller]
            pub fn give(&mut self, value: T) -> Result<(), Disconnected> {
                handoff::check_not_pending(self.is_pending(), "give");
                handoff::load(self.get_mut(), value);
                let received = self.try_swap()?;
                handoff::check_nothing_received(received);
                Ok(())
            }

            /// Receives the value the partner [`give`](Self::give)s at its matching
            /// swap, and hands nothing back: a one-way hand-off. After a swap that
            /// timed out ([`is_pending`](Self::is_pending)), `take` completes that
            /// swap and takes what it brings.
            ///
            /// # Errors
            ///
            /// [`Disconnected`] if the partner is gone: the end of its stream (see
            /// [`iter_take`](Self::iter_take)).
            ///
            /// # Panics
            ///
            /// If the partner handed over no value (it called `take` too: one
            /// side gives while the other takes), or if this side's buffer holds a
            /// value, which a `take` would hand over.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut sender, mut receiver), (None, None))]
            /// std::thread::scope(|s| {
            ///     s.spawn(|| sender.give(String::from("frame")).unwrap());
            ///     assert_eq!(receiver.take().unwrap(), "frame");
            /// });
            /// ```
            #[track_caller]
            pub fn take(&mut self) -> Result<T, Disconnected> {
                if !self.is_pending() {
                    handoff::check_empty(self.get_mut());
                }
                let received = self.try_swap()?;
                Ok(handoff::unload(received, "take"))
            }

            /// The values the partner gives, one [`take`](Self::take) each, until
            /// it hangs up.
            ///
            /// # Panics
            ///
            /// As [`take`](Self::take), in the iterator's `next`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = doc_pair!($Maker::$how, (mut producer, mut consumer), (None, None))]
            /// std::thread::scope(|s| {
            ///     s.spawn(move || (1..=4).for_each(|n| producer.give(n).unwrap()));
            ///     assert_eq!(consumer.iter_take().sum::<u32>(), 10);
            /// });
            /// ```
            pub fn iter_take(&mut self) -> IterTake<'_, Self> {
                IterTake(self)
            }
        }

        $(#[$face])*
        impl<T> Iterator for IterTake<'_, $Handle<$($lifetime,)? Option<T>>> {
            type Item = T;

            #[track_caller]
            fn next(&mut self) -> Option<T> {
                self.0.take().ok()
            }
        }

        side_impls! {
            $(#[$face])*
            impl[T] $Handle<$($lifetime,)? T>, named $Handle
        }
    };
}

data_handle! {
    #[cfg(feature = "alloc")]
    impl<T> RendezvousData<T>, pairs from RendezvousData::new
}

data_handle! {
    impl<T> RendezvousDataRef<'_, T>, pairs from RendezvousDataState::split
}
