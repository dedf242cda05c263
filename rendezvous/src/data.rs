//! [`RendezvousDataState`]: the state of a pair that swaps buffers, and the
//! one place that decides where the buffers live and who may touch them.
//!
//! # Where the buffers live
//!
//! Both buffers sit right behind the protocol's two words, on the words'
//! cache line ([`Protocol`]'s `line`): a pair of `T` costs the words, two
//! `T`s and the sleepers, with no slot that stays unused. A buffer of up to
//! 28 bytes (a `u64`, a pointer, a `Box`, a `Vec`) sits on the line
//! entirely, which the line's measurements favour: writing a buffer there is
//! nearly free, since a side must own the line to arrive anyway, while a
//! buffer on a line of its own adds a second line transfer to every round
//! (bench/README.md, "The numbers behind the design"). Of a larger buffer
//! only the first bytes share the line; the rest lies on lines of its own.
//!
//! Stable Rust cannot choose a field's type by the size of `T`, so a layout
//! with small buffers on the line and large ones elsewhere would carry two
//! unused buffers for every `T`.
//!
//! # Who owns which buffer
//!
//! Slot `i` holds the buffer side `i` started with. Between rendezvous, side
//! `s` owns slot `(completed + s) % 2`: every completed swap flips both. A
//! side owns no slot while an arrival of it stands (after a timeout). Only
//! the owner makes a `&mut T` to its slot, and a hand-over is ordered by the
//! protocol's Release store and Acquire load.

use crate::deadline::Deadline;
use crate::error::Disconnected;
use crate::error::Missed;
use crate::primitive::{Slot, const_fn};
use crate::protocol::{Party, Protocol};
use core::panic::{RefUnwindSafe, UnwindSafe};

/// The state of a [`RendezvousData`][`crate::RendezvousData`] pair, owned by
/// the caller: a pair that needs no allocator.
///
/// It holds the two buffers and the protocol. Put it anywhere (on the stack,
/// in a `static`: [`new`] is a `const fn`, so a large pair is built in place
/// rather than on a small stack), then [`split`] it into two
/// [`RendezvousDataRef`](crate::RendezvousDataRef) handles that borrow it;
/// once they are gone, [`into_inner`](RendezvousDataState::into_inner)
/// returns the buffers. A pair in a `static` is split through a cell that
/// hands out its `&'static mut` once, without `unsafe`: see
/// [the recipe in the crate docs](crate#without-an-allocator).
///
/// [`new`]: RendezvousDataState::new
/// [`split`]: RendezvousDataState::split
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
///
#[cfg_attr(not(feature = "alloc"), doc = owned_handle_links!())]
pub struct RendezvousDataState<T> {
    /// The words, with both buffers on their line.
    protocol: Protocol<[Slot<T>; 2]>,
}

// SAFETY: the slots are reached only through the handles, and each slot is
// owned by one handle at a time (see the module docs), which alone makes a
// `&mut T` to it: sharing the state between threads only moves each `T`
// between threads, which `T: Send` allows, as for `Mutex<T>`. No `&T` is
// ever shared, so `T: Sync` is not needed.
unsafe impl<T: Send> Sync for RendezvousDataState<T> {}

// A `&RendezvousDataState` (which every handle holds) reaches a `T` only
// through the handle that owns it, as a `&mut T`: the state is as
// unwind-safe as an owned `T`.
impl<T: UnwindSafe> UnwindSafe for RendezvousDataState<T> {}
impl<T: UnwindSafe> RefUnwindSafe for RendezvousDataState<T> {}

impl<T: Send> RendezvousDataState<T> {
    const_fn! {
        /// New state holding buffers `a` (for the first handle) and `b`. A
        /// `const fn`, so a `static` can hold a pair.
        ///
        /// # Examples
        ///
        /// ```
        /// use rendezvous_lockstep::RendezvousDataState;
        ///
        /// static PAGES: RendezvousDataState<[u8; 4096]> =
        ///     RendezvousDataState::new([0; 4096], [0; 4096]);
        ///
        /// let mut state = RendezvousDataState::new([0_u8; 64], [0; 64]);
        /// let (mut left, _right) = state.split();
        /// left.get_mut()[0] = 1;
        /// ```
        #[must_use]
        pub fn new(a: T, b: T) -> Self {
            RendezvousDataState {
                protocol: Protocol::new([Slot::new(a), Slot::new(b)]),
            }
        }
    }

    /// Starts a fresh pair over this state, the buffers kept: the two
    /// parties that [`split`](RendezvousDataState::split) makes handles of.
    pub(crate) fn start_pair(&mut self) -> (Party, Party) {
        self.protocol.renew();
        Protocol::<[Slot<T>; 2]>::parties()
    }
}

impl<T> RendezvousDataState<T> {
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
        let [a, b] = self.protocol.into_line();
        (a.into_inner(), b.into_inner())
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
        let [a, b] = self.protocol.line_mut();
        (a.get_mut(), b.get_mut())
    }

    /// The protocol, for the handles' waits that carry no buffer.
    #[inline(always)]
    pub(crate) fn protocol(&self) -> &Protocol<[Slot<T>; 2]> {
        &self.protocol
    }

    /// Swaps for `side`: hands its buffer over, waits for the partner until
    /// `deadline`, and returns the buffer it owns then. On a miss, the side
    /// owns nothing if its arrival stands (a timeout), else its old buffer.
    #[inline(always)]
    pub(crate) fn swap<'h>(
        &'h self,
        side: &'h mut Party,
        deadline: Deadline,
    ) -> Result<&'h mut T, Missed> {
        if !side.is_pending() {
            // Tells loom that this side's writes to its buffer end here.
            self.slot(side).touch();
        }
        self.protocol.rendezvous(side, deadline)?;
        Ok(self.buffer(side))
    }

    /// Swaps for `side`, with no deadline.
    #[inline(always)]
    pub(crate) fn try_swap<'h>(&'h self, side: &'h mut Party) -> Result<&'h mut T, Disconnected> {
        self.swap(side, Deadline::FOREVER)
            .map_err(Missed::without_deadline)
    }

    /// The buffer `side` owns, without a swap.
    ///
    /// # Panics
    ///
    /// While an arrival of `side` stands: it owns no buffer then.
    #[track_caller]
    pub(crate) fn get<'h>(&'h self, side: &'h mut Party) -> &'h mut T {
        assert!(
            !side.is_pending(),
            "get_mut: a swap is pending after a timeout, so this side owns no buffer; \
             finish the swap with swap(), try_swap(), swap_timeout() or swap_deadline() first"
        );
        self.buffer(side)
    }

    /// The slot `side` owns while it is between swaps: side 0 starts with
    /// slot 0 and side 1 with slot 1, and every completed swap flips both.
    #[inline(always)]
    fn slot(&self, side: &Party) -> &Slot<T> {
        let index = (side.completed() as usize ^ side.which().index()) & 1;
        &self.protocol.line()[index]
    }

    /// The buffer `side` owns. Call only while it owns one (not pending).
    #[inline(always)]
    fn buffer<'h>(&'h self, side: &'h mut Party) -> &'h mut T {
        debug_assert!(!side.is_pending());
        let slot = self.slot(side);
        slot.touch();
        // SAFETY: exactly one side owns each slot at any moment (see the
        // module docs): this one, as it is not pending (checked by every
        // caller). It keeps the slot until its next arrival, and the
        // partner's writes to it happen-before this access (the Acquire
        // load of the rendezvous that handed it over). The `&mut T` borrows
        // `side` mutably, of which there is one per side of a pair, so no
        // second `&mut T` to the slot exists, and it ends before the next
        // swap of this side hands the slot over.
        unsafe { &mut *slot.get() }
    }
}

impl<T: Default + Send> Default for RendezvousDataState<T> {
    fn default() -> Self {
        Self::new(T::default(), T::default())
    }
}

impl<T> core::fmt::Debug for RendezvousDataState<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RendezvousDataState")
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, not(rendezvous_loom)))]
mod tests {
    use super::*;
    use alloc::sync::Arc;
    use alloc::vec;

    /// The offset of buffer `i` from the start of the state.
    fn offset<T>(state: &RendezvousDataState<T>, i: usize) -> usize {
        let base = core::ptr::from_ref(state).addr();
        state.protocol.line()[i].get().addr() - base
    }

    #[test]
    fn small_buffers_sit_on_the_counter_line_and_no_slot_is_unused() {
        let line = align_of::<Protocol<()>>();
        let state = RendezvousDataState::new(1_u64, 2);
        assert_eq!((offset(&state, 0), offset(&state, 1)), (8, 16));
        let state = RendezvousDataState::new(vec![1_u8], vec![]);
        assert!(offset(&state, 1) + size_of::<vec::Vec<u8>>() <= line.min(64));
        // No room for buffers beyond the two.
        let pair = size_of::<RendezvousDataState<[u64; 64]>>();
        let bare = size_of::<RendezvousDataState<()>>();
        assert!(pair <= bare + 2 * 512 + line, "{pair} bytes");
        let bare_line = size_of::<Protocol<()>>();
        assert_eq!(bare, bare_line);
    }

    /// Every buffer is dropped exactly once, whether the state is dropped
    /// or taken apart.
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
    fn buffers_swap_and_survive_a_new_split() {
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
