//! [`Side`]: one block's end of a [`run`](super::run), which can do inside
//! the block everything a handle can.

use crate::data_handle::RendezvousDataRef;
use crate::error::{Disconnected, TimeoutError};
use crate::handoff::IterTake;
use crate::protocol::Which;
use crate::waiting::Waiting;
use alloc::boxed::Box;
use core::time::Duration;
use std::panic;
use std::time::Instant;

/// One block's end of a [`run`](super::run): the buffer it owns and the
/// swap that trades it for the partner's.
///
/// # Examples
///
/// ```
/// let (left, right) = rendezvous_lockstep::lockstep::run(
///     1,
///     2,
///     |side| *side.swap(),
///     |side| {
///         *side.get_mut() += 10;
///         *side.swap()
///     },
/// );
/// assert_eq!((left, right), (12, 1));
/// ```
pub struct Side<'a, T> {
    data: RendezvousDataRef<'a, T>,
    block: Which,
}

impl<'a, T> Side<'a, T> {
    /// The side of the `block` block, over its handle `data`.
    pub(super) fn new(data: RendezvousDataRef<'a, T>, block: Which) -> Self {
        Side { data, block }
    }
}

impl<T> Side<'_, T> {
    /// Waits for the partner block's matching swap and returns the buffer it
    /// held until then, as [`RendezvousDataRef::swap`].
    ///
    /// # Panics
    ///
    /// If the partner block has returned, with a message that gives both
    /// blocks' swap counts and the file, line and column of this call (the
    /// blocks did not swap equally often), and names `try_swap!` as the way
    /// a block ends a stream. If the partner block panicked, this block
    /// unwinds quietly and [`run`](super::run) re-raises the partner's
    /// panic.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, right) = rendezvous_lockstep::lockstep::run(
    ///     "left",
    ///     "right",
    ///     |side| *side.swap(),
    ///     |side| *side.swap(),
    /// );
    /// assert_eq!((left, right), ("right", "left"));
    /// ```
    #[track_caller]
    pub fn swap(&mut self) -> &mut T {
        let block = self.block;
        match self.data.try_swap() {
            Ok(buffer) => buffer,
            Err(err) => mismatch(block, quiet_if_panicked(err)),
        }
    }

    /// Like [`swap`](Side::swap), but returns [`Disconnected`] instead of
    /// panicking when the partner block has returned: the end of its stream.
    /// This block then keeps its buffer.
    ///
    /// A consumer runs until its producer is done, and a generator until
    /// its consumer hangs up, without either knowing the count.
    ///
    /// # Errors
    ///
    /// [`Disconnected`] once the partner block has returned (after
    /// `partner_swaps()` swaps); every later call returns it again.
    ///
    /// # Panics
    ///
    /// If the partner block panicked, this block unwinds quietly and
    /// [`run`](super::run) re-raises the partner's panic, as with [`swap`](Side::swap).
    ///
    /// # Examples
    ///
    /// ```
    /// let (sent, got) = rendezvous_lockstep::lockstep::run(
    ///     0,
    ///     0,
    ///     |side| {
    ///         for i in 1..=3 {
    ///             *side.get_mut() = i;
    ///             side.swap();
    ///         }
    ///         3
    ///     },
    ///     |side| {
    ///         let mut got = Vec::new();
    ///         while let Ok(value) = side.try_swap() {
    ///             got.push(*value); // until the producer has returned
    ///         }
    ///         got
    ///     },
    /// );
    /// assert_eq!((sent, got), (3, vec![1, 2, 3]));
    /// ```
    pub fn try_swap(&mut self) -> Result<&mut T, Disconnected> {
        self.data.try_swap().map_err(quiet_if_panicked)
    }

    /// Like [`try_swap`](Side::try_swap), but gives up after `timeout`, as
    /// [`RendezvousDataRef::swap_timeout`]: the arrival stands, this block
    /// owns no buffer until a later swap completes the same swap
    /// ([`is_pending`](Side::is_pending)), and a block that returns then
    /// leaves its partner that swap and no more: the partner receives this
    /// block's buffer, and what the partner hands over in that swap (a
    /// [`give`](Side::give)'s value) is dropped with the pair, unread. A
    /// block that must not lose what its partner hands over finishes the
    /// standing swap before it returns (with [`take`](Side::take) or
    /// [`swap`](Side::swap)).
    ///
    /// # Errors
    ///
    /// [`TimeoutError::Timeout`] if the partner block did not arrive in
    /// time; [`TimeoutError::Disconnected`] once it has returned.
    ///
    /// # Panics
    ///
    /// If the partner block panicked, as [`try_swap`](Side::try_swap).
    ///
    /// # Examples
    ///
    /// ```
    /// use rendezvous_lockstep::{TimeoutError, lockstep};
    /// use std::time::Duration;
    ///
    /// // The reader waits at most 50 ms for each message, then gives up.
    /// let (_, received) = lockstep::run(
    ///     0,
    ///     0,
    ///     |writer| {
    ///         *writer.get_mut() = 7;
    ///         writer.swap();
    ///     },
    ///     |reader| {
    ///         let mut received = Vec::new();
    ///         loop {
    ///             match reader.swap_timeout(Duration::from_millis(50)) {
    ///                 Ok(message) => received.push(*message),
    ///                 Err(TimeoutError::Disconnected(_)) => break received, // writer done
    ///                 Err(TimeoutError::Timeout) => break received,         // writer silent
    ///             }
    ///         }
    ///     },
    /// );
    /// assert_eq!(received, [7]);
    /// ```
    pub fn swap_timeout(&mut self, timeout: Duration) -> Result<&mut T, TimeoutError> {
        self.data
            .swap_timeout(timeout)
            .map_err(timeout_quiet_if_panicked)
    }

    /// Like [`swap_timeout`](Side::swap_timeout), but gives up at
    /// `deadline`.
    ///
    /// # Errors
    ///
    /// As [`swap_timeout`](Side::swap_timeout).
    ///
    /// # Panics
    ///
    /// As [`swap_timeout`](Side::swap_timeout).
    ///
    /// # Examples
    ///
    /// ```
    /// use rendezvous_lockstep::{TimeoutError, lockstep};
    /// use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    /// use std::time::{Duration, Instant};
    ///
    /// let gave_up = AtomicBool::new(false);
    /// let (late, _) = lockstep::run(
    ///     0,
    ///     0,
    ///     |side| {
    ///         let late = side.swap_deadline(Instant::now() + Duration::from_millis(20));
    ///         gave_up.store(true, SeqCst);
    ///         late.map(|_| ())
    ///     },
    ///     |side| {
    ///         while !gave_up.load(SeqCst) {
    ///             std::thread::yield_now(); // late, until the left block gave up
    ///         }
    ///         side.swap(); // completes the swap the left block arrived at
    ///     },
    /// );
    /// assert_eq!(late, Err(TimeoutError::Timeout));
    /// ```
    pub fn swap_deadline(&mut self, deadline: Instant) -> Result<&mut T, TimeoutError> {
        self.data
            .swap_deadline(deadline)
            .map_err(timeout_quiet_if_panicked)
    }

    /// Whether a [`swap`](Side::swap) now would wait, as
    /// [`RendezvousDataRef::would_block`]: `false` if the partner block
    /// already waits at the matching swap, or has returned. Arrives nowhere.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
    ///
    /// let asked = AtomicBool::new(false);
    /// let (_, (before, after)) = rendezvous_lockstep::lockstep::run(
    ///     0,
    ///     0,
    ///     |side| {
    ///         while !asked.load(Relaxed) {
    ///             std::thread::yield_now(); // busy elsewhere, until asked
    ///         }
    ///         side.swap();
    ///     },
    ///     |side| {
    ///         let before = side.would_block(); // the partner is not there yet
    ///         asked.store(true, Relaxed);
    ///         while side.would_block() {
    ///             std::thread::yield_now(); // other work, meanwhile
    ///         }
    ///         side.swap(); // does not wait now
    ///         (before, side.swaps())
    ///     },
    /// );
    /// assert_eq!((before, after), (true, 1));
    /// ```
    #[must_use]
    pub fn would_block(&self) -> bool {
        self.data.would_block()
    }

    /// The buffer this block owns now, as [`RendezvousDataRef::get_mut`].
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, right) = rendezvous_lockstep::lockstep::run(
    ///     vec![1],
    ///     vec![2],
    ///     |side| side.get_mut().len(),
    ///     |side| side.get_mut()[0],
    /// );
    /// assert_eq!((left, right), (1, 2));
    /// ```
    ///
    /// # Panics
    ///
    /// While a swap is pending after a timeout ([`is_pending`](Side::is_pending)):
    /// this block then owns no buffer.
    #[track_caller]
    pub fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }

    /// Whether this block's arrival stands after a timeout: it owns no
    /// buffer until a swap call completes that swap.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    /// use std::time::Duration;
    ///
    /// let gave_up = AtomicBool::new(false);
    /// let (pending, _) = rendezvous_lockstep::lockstep::run(
    ///     0,
    ///     0,
    ///     |side| {
    ///         let timed_out = side.swap_timeout(Duration::ZERO).is_err();
    ///         let pending = side.is_pending();
    ///         gave_up.store(true, SeqCst);
    ///         side.swap(); // completes the standing swap
    ///         (timed_out, pending, side.is_pending())
    ///     },
    ///     |side| {
    ///         while !gave_up.load(SeqCst) {
    ///             std::thread::yield_now();
    ///         }
    ///         side.swap();
    ///     },
    /// );
    /// assert_eq!(pending, (true, true, false));
    /// ```
    #[must_use]
    pub fn is_pending(&self) -> bool {
        self.data.is_pending()
    }

    /// How many swaps this block has completed.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, _) = rendezvous_lockstep::lockstep::run((), (), |side| {
    ///     side.swap();
    ///     side.swaps()
    /// }, |side| {
    ///     side.swap();
    /// });
    /// assert_eq!(left, 1);
    /// ```
    #[must_use]
    pub fn swaps(&self) -> u64 {
        self.data.swaps()
    }

    /// How this block waits for a late partner (see [`Builder::waiting`](super::Builder::waiting)).
    ///
    /// # Examples
    ///
    /// ```
    /// use rendezvous_lockstep::{Waiting, lockstep};
    ///
    /// let (left, _) = lockstep::run((), (), |side| side.waiting(), |_| ());
    /// assert_eq!(left, Waiting::default());
    /// ```
    #[must_use]
    pub fn waiting(&self) -> Waiting {
        self.data.waiting()
    }

    /// Sets how this block waits for a late partner from now on.
    ///
    /// # Examples
    ///
    /// ```
    /// use rendezvous_lockstep::{Waiting, lockstep};
    ///
    /// let (left, _) = lockstep::run((), (), |side| {
    ///     side.set_waiting(Waiting::Spin);
    ///     side.waiting()
    /// }, |_| ());
    /// assert_eq!(left, Waiting::Spin);
    /// ```
    pub fn set_waiting(&mut self, waiting: Waiting) {
        self.data.set_waiting(waiting);
    }
}

/// The barrier form: a block whose buffer is `()` waits rather than swaps.
impl Side<'_, ()> {
    /// Waits for the partner block's matching `wait` (or `swap`): the
    /// barrier form's [`swap`](Side::swap).
    ///
    /// # Panics
    ///
    /// As [`swap`](Side::swap).
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, right) = rendezvous_lockstep::lockstep::run(
    ///     (),
    ///     (),
    ///     |side| {
    ///         side.wait();
    ///         side.swaps()
    ///     },
    ///     |side| {
    ///         side.wait();
    ///         side.swaps()
    ///     },
    /// );
    /// assert_eq!((left, right), (1, 1));
    /// ```
    #[track_caller]
    pub fn wait(&mut self) {
        self.swap();
    }

    /// Like [`wait`](Side::wait), but returns [`Disconnected`] once the
    /// partner block has returned, as [`try_swap`](Side::try_swap).
    ///
    /// # Errors
    ///
    /// As [`try_swap`](Side::try_swap).
    ///
    /// # Panics
    ///
    /// As [`try_swap`](Side::try_swap).
    ///
    /// # Examples
    ///
    /// ```
    /// let (meetings, _) = rendezvous_lockstep::lockstep::run(
    ///     (),
    ///     (),
    ///     |side| {
    ///         let mut meetings = 0;
    ///         while side.try_wait().is_ok() {
    ///             meetings += 1;
    ///         }
    ///         meetings
    ///     },
    ///     |side| (0..3).for_each(|_| side.wait()),
    /// );
    /// assert_eq!(meetings, 3);
    /// ```
    pub fn try_wait(&mut self) -> Result<(), Disconnected> {
        self.try_swap().map(drop)
    }

    /// Like [`try_wait`](Side::try_wait), but gives up after `timeout`, as
    /// [`swap_timeout`](Side::swap_timeout) (the arrival stands).
    ///
    /// # Errors
    ///
    /// As [`swap_timeout`](Side::swap_timeout).
    ///
    /// # Panics
    ///
    /// As [`swap_timeout`](Side::swap_timeout).
    ///
    /// # Examples
    ///
    /// ```
    /// use rendezvous_lockstep::{TimeoutError, lockstep};
    /// use std::time::Duration;
    ///
    /// let (_, answer) = lockstep::run((), (), |_| (), |side| {
    ///     side.wait_timeout(Duration::from_secs(30)) // the partner returned at once
    /// });
    /// assert!(matches!(answer, Err(TimeoutError::Disconnected(_))));
    /// ```
    pub fn wait_timeout(&mut self, timeout: Duration) -> Result<(), TimeoutError> {
        self.swap_timeout(timeout).map(drop)
    }

    /// Like [`wait_timeout`](Side::wait_timeout), but gives up at
    /// `deadline`.
    ///
    /// # Errors
    ///
    /// As [`swap_timeout`](Side::swap_timeout).
    ///
    /// # Panics
    ///
    /// As [`swap_timeout`](Side::swap_timeout).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let soon = Instant::now() + Duration::from_secs(5);
    /// let (left, right) = rendezvous_lockstep::lockstep::run(
    ///     (),
    ///     (),
    ///     |side| side.wait_deadline(soon),
    ///     |side| side.wait_deadline(soon),
    /// );
    /// assert_eq!((left, right), (Ok(()), Ok(())));
    /// ```
    pub fn wait_deadline(&mut self, deadline: Instant) -> Result<(), TimeoutError> {
        self.swap_deadline(deadline).map(drop)
    }
}

impl<T> Side<'_, Option<T>> {
    /// Hands `value` to the partner block and returns the value the partner
    /// hands over at its matching `exchange`, as
    /// [`RendezvousData::exchange`](crate::RendezvousData::exchange).
    ///
    /// # Errors
    ///
    /// [`Disconnected`] once the partner block has returned; `value` then
    /// stays in this block's buffer (`get_mut().take()` recovers it).
    ///
    /// # Panics
    ///
    /// If the partner block panicked, as [`try_swap`](Side::try_swap). If
    /// the partner handed over no value (it called `take`, or swapped an
    /// empty buffer), or a swap is pending after a timeout.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, right) = rendezvous_lockstep::lockstep::run(
    ///     None,
    ///     None,
    ///     |side| side.exchange(String::from("ping")).unwrap(),
    ///     |side| side.exchange(String::from("pong")).unwrap(),
    /// );
    /// assert_eq!((left.as_str(), right.as_str()), ("pong", "ping"));
    /// ```
    #[track_caller]
    pub fn exchange(&mut self, value: T) -> Result<T, Disconnected> {
        self.data.exchange(value).map_err(quiet_if_panicked)
    }

    /// Hands `value` to the partner block, which [`take`](Side::take)s it
    /// at its matching swap, and receives nothing back: a one-way hand-off.
    /// An object passed back and forth is given by one block and taken by
    /// the other, then given back.
    ///
    /// # Errors
    ///
    /// [`Disconnected`] once the partner block has returned; `value` then
    /// stays in this block's buffer (`get_mut().take()` recovers it).
    ///
    /// # Panics
    ///
    /// If the partner block panicked, as [`try_swap`](Side::try_swap). If
    /// the partner handed a value over too (it called `give` or `exchange`:
    /// one block gives while the other takes), if this block's buffer
    /// still holds a value an earlier `give` failed to hand over, or if a
    /// swap is pending after a timeout (finish it with `take` or `swap`).
    ///
    /// # Examples
    ///
    /// ```
    /// // The simulation gives the world to the renderer, which gives it back.
    /// let (steps, frames) = rendezvous_lockstep::lockstep::run(
    ///     None,
    ///     None,
    ///     |sim| {
    ///         let mut world = vec![0_u32; 4];
    ///         for _ in 0..3 {
    ///             world.iter_mut().for_each(|cell| *cell += 1); // simulate
    ///             sim.give(world).unwrap();
    ///             world = sim.take().unwrap(); // back from the renderer
    ///         }
    ///         world[0]
    ///     },
    ///     |render| {
    ///         let mut frames = Vec::new();
    ///         while let Ok(world) = render.take() {
    ///             frames.push(world[0]); // draw
    ///             render.give(world).unwrap();
    ///         }
    ///         frames
    ///     },
    /// );
    /// assert_eq!((steps, frames), (3, vec![1, 2, 3]));
    /// ```
    #[track_caller]
    pub fn give(&mut self, value: T) -> Result<(), Disconnected> {
        self.data.give(value).map_err(quiet_if_panicked)
    }

    /// Receives the value the partner block [`give`](Side::give)s at its
    /// matching swap, and hands nothing back: a one-way hand-off. After a
    /// swap that timed out ([`is_pending`](Side::is_pending)), `take`
    /// completes that swap and takes what it brings, so a block can wait
    /// with [`swap_timeout`](Side::swap_timeout) and resume with `take`.
    ///
    /// # Errors
    ///
    /// [`Disconnected`] once the partner block has returned: the end of its
    /// stream (see [`iter_take`](Side::iter_take)).
    ///
    /// # Panics
    ///
    /// If the partner block panicked, as [`try_swap`](Side::try_swap). If
    /// the partner handed over no value (it called `take` too: one block
    /// gives while the other takes), or this block's buffer holds a value,
    /// which a `take` would hand over.
    ///
    /// # Examples
    ///
    /// ```
    /// let (_, got) = rendezvous_lockstep::lockstep::run(
    ///     None,
    ///     None,
    ///     |side| side.give(String::from("frame")).unwrap(),
    ///     |side| side.take().unwrap(),
    /// );
    /// assert_eq!(got, "frame");
    /// ```
    #[track_caller]
    pub fn take(&mut self) -> Result<T, Disconnected> {
        self.data.take().map_err(quiet_if_panicked)
    }

    /// The values the partner block gives, one [`take`](Side::take) each,
    /// until it returns.
    ///
    /// # Panics
    ///
    /// As [`take`](Side::take), in the iterator's `next`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (_, total) = rendezvous_lockstep::lockstep::run(
    ///     None,
    ///     None,
    ///     |side| (1..=4).for_each(|n| side.give(n).unwrap()),
    ///     |side| side.iter_take().sum::<u32>(),
    /// );
    /// assert_eq!(total, 10);
    /// ```
    pub fn iter_take(&mut self) -> IterTake<'_, Self> {
        IterTake(self)
    }
}

impl<T> Iterator for IterTake<'_, Side<'_, Option<T>>> {
    type Item = T;

    #[track_caller]
    fn next(&mut self) -> Option<T> {
        self.0.take().ok()
    }
}

impl<T> core::fmt::Debug for Side<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Side")
            .field("block", &self.block.name())
            .field("swaps", &self.swaps())
            .finish_non_exhaustive()
    }
}

/// The payload of the quiet unwind of a block whose partner panicked; [`run`](super::run)
/// replaces it with the partner's own payload.
pub(super) struct PartnerPanicked;

/// A partner block's panic unwinds this block quietly: [`run`](super::run) re-raises
/// the partner's own payload. Any other disconnection is returned.
fn quiet_if_panicked(err: Disconnected) -> Disconnected {
    if err.partner_panicked() {
        panic::resume_unwind(Box::new(PartnerPanicked));
    }
    err
}

/// [`quiet_if_panicked`] for the waits with a timeout.
fn timeout_quiet_if_panicked(err: TimeoutError) -> TimeoutError {
    match err {
        TimeoutError::Disconnected(err) => TimeoutError::Disconnected(quiet_if_panicked(err)),
        TimeoutError::Timeout => TimeoutError::Timeout,
    }
}

/// Panics because `block` waits at a swap its partner block, which has
/// returned, will never make.
#[cold]
#[track_caller]
fn mismatch(block: Which, err: Disconnected) -> ! {
    panic!(
        "lockstep: the {partner} block returned after {done} swap{s}, but the {me} block is \
         waiting at swap {next} ({location}); both blocks must swap equally often, or the \
         one that may outlast its partner ends its stream with `try_swap!` (`Side::try_swap`), \
         which is `false` (`Err`) once the partner block has returned",
        partner = block.partner().name(),
        me = block.name(),
        done = err.partner_swaps(),
        s = crate::error::plural(err.partner_swaps()),
        next = err.partner_swaps() + 1,
        location = core::panic::Location::caller(),
    )
}
