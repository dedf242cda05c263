//! [`RendezvousData`]: a rendezvous that swaps one buffer per side.

use crate::error::Disconnected;
#[cfg(feature = "std")]
use crate::error::TimeoutError;
use crate::primitive::Slot;
use crate::protocol::{FOREVER, NearBuffer, Protocol, Side};
use crate::shared::Shared;
use crate::waiting::Waiting;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ptr;

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
/// time, never shared, so `Cell` and `RefCell` buffers work.
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
/// use std::thread;
/// use rendezvous_lockstep::RendezvousData;
///
/// let (mut my_rendezvous, mut their_rendezvous) = RendezvousData::new(0, 0);
/// let handle = thread::spawn(move || {
///     let borrow = their_rendezvous.swap();
///     *borrow = 3;
///
///     let borrow = their_rendezvous.swap();
///     assert_eq!(7, *borrow);
/// });
/// let borrow = my_rendezvous.swap();
/// *borrow = 7;
///
/// let borrowed_data = my_rendezvous.swap();
/// assert_eq!(3, *borrowed_data);
/// # handle.join().unwrap();
/// ```
///
/// A buffer borrow ends at the next swap, so the following won't compile: it
/// would let this thread write to a buffer the partner owns.
///
/// ```compile_fail,E0499
/// use std::thread;
/// use rendezvous_lockstep::RendezvousData;
///
/// let (mut my_rendezvous, mut their_rendezvous) = RendezvousData::new(0, 0);
/// let handle = thread::spawn(move || {
///     their_rendezvous.swap(); // swap return values can be ignored
///     their_rendezvous.swap();
/// });
/// let old_borrow = my_rendezvous.swap(); // first mutable borrow occurs here
/// let new_borrow = my_rendezvous.swap(); // second mutable borrow occurs here
/// *old_borrow = 3; // first borrow is later used here
/// ```
pub struct RendezvousData<'a, T> {
    state: Shared<'a, RendezvousDataState<T>>,
    side: Side,
}

#[cfg(feature = "alloc")]
impl<T: Send> RendezvousData<'static, T> {
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
        let (left, right) = Shared::pair(RendezvousDataState::new(a, b));
        let (left_side, right_side) = Protocol::sides();
        (
            RendezvousData {
                state: left,
                side: left_side,
            },
            RendezvousData {
                state: right,
                side: right_side,
            },
        )
    }
}

impl<T> RendezvousData<'_, T> {
    /// Waits for the partner's matching swap, then returns the buffer the
    /// partner held until then. This side's previous buffer goes to the
    /// partner.
    ///
    /// # Panics
    ///
    /// If the partner handle was dropped before its matching swap, with the
    /// message of [`Disconnected`]. [`try_swap`](RendezvousData::try_swap)
    /// returns the error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, mut right) = rendezvous_lockstep::RendezvousData::new("ping", "pong");
    /// let t = std::thread::spawn(move || *right.swap());
    /// assert_eq!(*left.swap(), "pong");
    /// assert_eq!(t.join().unwrap(), "ping");
    /// ```
    #[track_caller]
    pub fn swap(&mut self) -> &mut T {
        self.swap_inline()
    }

    /// [`swap`](RendezvousData::swap), always inlined into the caller.
    ///
    /// # Panics
    ///
    /// As [`swap`](RendezvousData::swap).
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, mut right) = rendezvous_lockstep::RendezvousData::new(1, 2);
    /// let t = std::thread::spawn(move || *right.swap_inline());
    /// assert_eq!(*left.swap_inline(), 2);
    /// assert_eq!(t.join().unwrap(), 1);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn swap_inline(&mut self) -> &mut T {
        match self.try_swap() {
            Ok(buffer) => buffer,
            Err(err) => crate::disconnected(err),
        }
    }

    /// Like [`swap`](RendezvousData::swap), but returns an error instead of
    /// panicking when the partner is gone. It blocks all the same.
    ///
    /// # Errors
    ///
    /// [`Disconnected`] if the partner handle was dropped before its matching
    /// swap. This side keeps its buffer ([`get_mut`](RendezvousData::get_mut)),
    /// and every later call returns the same error.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, right) = rendezvous_lockstep::RendezvousData::new(1, 2);
    /// drop(right);
    /// assert!(left.try_swap().is_err());
    /// assert_eq!(*left.get_mut(), 1);
    /// ```
    #[inline(always)]
    pub fn try_swap(&mut self) -> Result<&mut T, Disconnected> {
        self.hand_over();
        match self.state.protocol.rendezvous(&mut self.side, FOREVER) {
            Ok(()) => Ok(self.buffer()),
            Err(missed) => Err(missed.without_deadline()),
        }
    }

    /// Like [`try_swap`](RendezvousData::try_swap), but gives up after
    /// `timeout`.
    ///
    /// A timeout cannot withdraw this side's arrival: the partner may take
    /// the buffer at any moment. So the arrival stands, this side owns no
    /// buffer until the swap completes ([`is_pending`] tells), and the next
    /// `swap`, `try_swap` or `swap_timeout` waits for the same swap instead
    /// of starting a new one.
    ///
    /// [`is_pending`]: RendezvousData::is_pending
    ///
    /// # Errors
    ///
    /// [`TimeoutError::Timeout`] if the partner did not arrive in time;
    /// [`TimeoutError::Disconnected`] if it is gone.
    ///
    /// # Examples
    ///
    /// ```
    /// use rendezvous_lockstep::{RendezvousData, TimeoutError};
    /// use std::time::Duration;
    ///
    /// let (mut left, mut right) = RendezvousData::new('a', 'b');
    /// assert_eq!(left.swap_timeout(Duration::from_millis(5)), Err(TimeoutError::Timeout));
    /// assert_eq!(*right.swap(), 'a'); // completes the swap left arrived at
    /// assert_eq!(left.swap_timeout(Duration::from_millis(5)), Ok(&mut 'b'));
    /// ```
    #[cfg(feature = "std")]
    pub fn swap_timeout(&mut self, timeout: core::time::Duration) -> Result<&mut T, TimeoutError> {
        let deadline = std::time::Instant::now().checked_add(timeout);
        self.hand_over();
        match self.state.protocol.rendezvous(&mut self.side, deadline) {
            Ok(()) => Ok(self.buffer()),
            Err(missed) => Err(missed.into()),
        }
    }

    /// The buffer this side owns now, without a swap.
    ///
    /// # Panics
    ///
    /// While a swap is pending after a timeout ([`is_pending`]): this side
    /// then owns no buffer. Finish the swap first.
    ///
    /// [`is_pending`]: RendezvousData::is_pending
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, _right) = rendezvous_lockstep::RendezvousData::new(vec![1], vec![2]);
    /// left.get_mut().push(3);
    /// assert_eq!(left.get_mut(), &[1, 3]);
    /// ```
    #[track_caller]
    pub fn get_mut(&mut self) -> &mut T {
        assert!(
            !self.side.is_pending(),
            "RendezvousData::get_mut: a swap is pending after a timeout, so this side owns \
             no buffer; finish the swap with swap(), try_swap() or swap_timeout() first"
        );
        self.buffer()
    }

    /// How many swaps this side has completed.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, _right) = rendezvous_lockstep::RendezvousData::new((), ());
    /// assert_eq!(left.swaps(), 0);
    /// ```
    #[must_use]
    pub fn swaps(&self) -> u64 {
        self.side.completed()
    }

    /// Whether this side's arrival stands after a timeout: it owns no buffer
    /// until the next swap call completes that swap.
    ///
    /// # Examples
    ///
    /// ```
    /// let (left, _right) = rendezvous_lockstep::RendezvousData::new(0, 0);
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
    /// let (left, _right) = rendezvous_lockstep::RendezvousData::new(0, 0);
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
    /// let (mut left, _right) = rendezvous_lockstep::RendezvousData::new(0, 0);
    /// left.set_waiting(rendezvous_lockstep::Waiting::Spin);
    /// ```
    pub fn set_waiting(&mut self, waiting: Waiting) {
        self.side.waiting = waiting;
    }

    /// The index of the slot this side owns while it is between swaps.
    ///
    /// Side 0 starts with slot 0 and side 1 with slot 1; every completed
    /// swap flips both.
    fn slot(&self) -> usize {
        (self.side.completed() as usize ^ self.side.index()) & 1
    }

    /// Tells loom that this side's writes to its buffer end here. A no-op
    /// outside loom.
    #[inline(always)]
    fn hand_over(&self) {
        if !self.side.is_pending() {
            self.state.touch(self.slot());
        }
    }

    /// The buffer this side owns. Call only while it owns one (not pending).
    #[inline(always)]
    fn buffer(&mut self) -> &mut T {
        let slot = self.slot();
        self.state.touch(slot);
        // SAFETY: exactly one side owns each slot at any moment (see
        // `crate::protocol`): slot `(completed + side) % 2`, while that side
        // is not pending. This side is not pending (checked by every
        // caller), so it owns this slot until its next arrival, and the
        // partner's writes to it happen-before this access (the Acquire
        // load of the rendezvous). The slot holds an initialized `T` (see
        // `RendezvousDataState::slot_ptr`). The `&mut T` borrows `self`
        // mutably, so it ends before the next swap hands the slot over.
        unsafe { &mut *self.state.slot_ptr(slot) }
    }
}

impl<T> Drop for RendezvousData<'_, T> {
    fn drop(&mut self) {
        self.state.protocol.close(&self.side);
    }
}

impl<T> core::fmt::Debug for RendezvousData<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RendezvousData")
            .field("side", &self.side.index())
            .field("swaps", &self.side.completed())
            .field("pending", &self.side.is_pending())
            .finish_non_exhaustive()
    }
}

/// Keeps a large buffer on cache lines of its own (and off the neighbour
/// line that some cores fetch in pairs), so that one side's writes do not
/// slow the other side's, nor the counter line.
#[repr(align(128))]
struct Padded<T>(T);

/// Whether a `T` is small enough to sit on the counter line, in
/// [`Protocol::near`](crate::protocol::Protocol): at most 16 bytes, aligned
/// to at most 8. Why: see the layout notes on `Protocol`. A `u64`, a pointer,
/// a `Box`, a `(u32, f32)` sit there; a `Vec` (24 bytes) sits on lines of its
/// own, as every larger buffer.
const fn is_near<T>() -> bool {
    size_of::<T>() <= size_of::<NearBuffer>() && align_of::<T>() <= align_of::<NearBuffer>()
}

/// The state of a [`RendezvousData`] pair, owned by the caller: a pair that
/// needs no allocator.
///
/// It holds the two buffers and the protocol. Put it anywhere (on the stack,
/// in a `static` cell), then [`split`](RendezvousDataState::split) it into
/// two handles that borrow it; once they are gone,
/// [`into_inner`](RendezvousDataState::into_inner) returns the buffers.
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::RendezvousDataState;
///
/// let mut state = RendezvousDataState::new(0_u32, 0);
/// std::thread::scope(|s| {
///     let (mut left, mut right) = state.split();
///     s.spawn(move || *right.swap() += 1);
///     *left.get_mut() = 41;
///     left.swap();
/// });
/// assert_eq!(state.into_inner(), (42, 0));
/// ```
pub struct RendezvousDataState<T> {
    /// The words, and the buffers of a `T` that [`is_near`].
    protocol: Protocol,
    /// The buffers of a larger `T`, each on lines of its own; uninitialized
    /// for a `T` that [`is_near`].
    far: [Padded<Slot<MaybeUninit<T>>>; 2],
    /// The state owns two `T`s, wherever they sit.
    _owns: PhantomData<T>,
}

// SAFETY: the slots are reached only through the handles, and each slot is
// owned by one handle at a time (see `crate::protocol`), which alone makes
// `&mut T` to it: sharing the state between threads only moves each `T`
// between threads, which `T: Send` allows, as for `Mutex<T>`.
unsafe impl<T: Send> Sync for RendezvousDataState<T> {}

impl<T: Send> RendezvousDataState<T> {
    /// New state holding buffers `a` (for the first handle) and `b`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut state = rendezvous_lockstep::RendezvousDataState::new([0_u8; 64], [0; 64]);
    /// let (mut left, _right) = state.split();
    /// left.get_mut()[0] = 1;
    /// ```
    #[must_use]
    pub fn new(a: T, b: T) -> Self {
        let state = RendezvousDataState {
            protocol: Protocol::new(),
            far: [
                Padded(Slot::new(MaybeUninit::<T>::uninit())),
                Padded(Slot::new(MaybeUninit::<T>::uninit())),
            ],
            _owns: PhantomData,
        };
        // SAFETY: `slot_ptr` points to room for a `T` (size and alignment
        // checked by `is_near`), and nobody else can reach the new state.
        unsafe {
            state.slot_ptr(0).write(a);
            state.slot_ptr(1).write(b);
        }
        state
    }

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
    pub fn split(&mut self) -> (RendezvousData<'_, T>, RendezvousData<'_, T>) {
        self.protocol.renew();
        let (left_side, right_side) = Protocol::sides();
        let state = &*self;
        (
            RendezvousData {
                state: Shared::borrowed(state),
                side: left_side,
            },
            RendezvousData {
                state: Shared::borrowed(state),
                side: right_side,
            },
        )
    }

    /// Both buffers, as their slots were given to [`new`]: `(a, b)`.
    ///
    /// [`new`]: RendezvousDataState::new
    ///
    /// # Examples
    ///
    /// ```
    /// let mut state = rendezvous_lockstep::RendezvousDataState::new('a', 'b');
    /// *state.get_mut().1 = 'c';
    /// assert_eq!(state.into_inner(), ('a', 'c'));
    /// ```
    #[must_use]
    pub fn into_inner(self) -> (T, T) {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: both slots hold an initialized `T` (see `slot_ptr`), each
        // read once here; `this` is not dropped, so neither `T` is dropped
        // again, and the protocol, the one other field with a destructor,
        // is dropped in place once. (`far` holds only `MaybeUninit`.)
        unsafe {
            let buffers = (this.slot_ptr(0).read(), this.slot_ptr(1).read());
            ptr::drop_in_place(&mut this.protocol);
            buffers
        }
    }

    /// Both buffers, through exclusive access to the state: `(a, b)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut state = rendezvous_lockstep::RendezvousDataState::new(1, 2);
    /// let (a, b) = state.get_mut();
    /// std::mem::swap(a, b);
    /// assert_eq!(state.into_inner(), (2, 1));
    /// ```
    #[must_use]
    pub fn get_mut(&mut self) -> (&mut T, &mut T) {
        // SAFETY: both slots hold an initialized `T` (see `slot_ptr`) in two
        // distinct places, and `&mut self` keeps every handle away.
        unsafe { (&mut *self.slot_ptr(0), &mut *self.slot_ptr(1)) }
    }
}

impl<T> RendezvousDataState<T> {
    /// Where buffer `slot` (0 or 1) lives: on the counter line for a `T`
    /// that [`is_near`], else on lines of its own.
    ///
    /// Both buffers hold an initialized `T` from `new` until the state is
    /// dropped or taken apart by `into_inner`.
    #[inline(always)]
    fn slot_ptr(&self, slot: usize) -> *mut T {
        if is_near::<T>() {
            self.protocol.near[slot].get().cast::<T>()
        } else {
            self.far[slot].0.get().cast::<T>()
        }
    }

    /// Tells loom that the calling side accesses buffer `slot` now. A no-op
    /// outside loom.
    #[inline(always)]
    fn touch(&self, slot: usize) {
        if is_near::<T>() {
            self.protocol.near[slot].touch();
        } else {
            self.far[slot].0.touch();
        }
    }
}

impl<T> Drop for RendezvousDataState<T> {
    fn drop(&mut self) {
        // SAFETY: both buffers hold an initialized `T` (see `slot_ptr`);
        // `&mut self` keeps every handle away, and `into_inner` skips this
        // drop, so each `T` is dropped once.
        unsafe {
            ptr::drop_in_place(self.slot_ptr(0));
            ptr::drop_in_place(self.slot_ptr(1));
        }
    }
}

impl<T> core::fmt::Debug for RendezvousDataState<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RendezvousDataState")
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use alloc::sync::Arc;
    use alloc::vec;

    #[test]
    fn small_buffers_sit_on_the_counter_line() {
        assert!(is_near::<u64>() && is_near::<(u32, f32)>() && is_near::<[u64; 2]>());
        assert!(is_near::<()>() && is_near::<Arc<u8>>());
        assert!(!is_near::<[u64; 3]>());
        assert_eq!(is_near::<u128>(), align_of::<u128>() <= 8);
        assert!(!is_near::<alloc::vec::Vec<u8>>());
        let words_and_near = core::mem::offset_of!(Protocol, near) + size_of::<[NearBuffer; 2]>();
        assert!(words_and_near <= 64, "{words_and_near} bytes");
    }

    /// Every buffer is dropped exactly once, near or far, whether the state
    /// is dropped or taken apart.
    #[test]
    fn buffers_are_dropped_once() {
        let token = Arc::new(());
        {
            let near = RendezvousDataState::new(Arc::clone(&token), Arc::clone(&token));
            let far = RendezvousDataState::new(
                [Arc::clone(&token), Arc::clone(&token), Arc::clone(&token)],
                [Arc::clone(&token), Arc::clone(&token), Arc::clone(&token)],
            );
            assert_eq!(Arc::strong_count(&token), 9);
            drop((near, far));
        }
        assert_eq!(Arc::strong_count(&token), 1);
        let (a, b) = RendezvousDataState::new(Arc::clone(&token), Arc::clone(&token)).into_inner();
        assert_eq!(Arc::strong_count(&token), 3);
        drop((a, b));
        let (a, b) = RendezvousDataState::new(vec![Arc::clone(&token)], vec![]).into_inner();
        assert_eq!((a.len(), b.len(), Arc::strong_count(&token)), (1, 0, 2));
    }

    #[test]
    fn near_and_far_buffers_swap_and_survive_a_new_split() {
        fn check<T: Send + Clone + PartialEq + core::fmt::Debug>(a: T, b: T) {
            let mut state = RendezvousDataState::new(a.clone(), b.clone());
            std::thread::scope(|s| {
                let (mut left, mut right) = state.split();
                let a = a.clone();
                s.spawn(move || assert_eq!(*right.swap(), a));
                assert_eq!(*left.swap(), b);
            });
            // Buffers stay in their slots; a new split starts over.
            let (mut left, right) = state.split();
            assert_eq!(*left.get_mut(), a);
            drop((left, right));
            assert_eq!(state.into_inner(), (a, b));
        }
        check(1_u64, 2);
        check((3_u8, 4_u32), (5, 6));
        check([7_u64; 5], [8; 5]);
        check(vec![9], vec![10, 11]);
    }
}
