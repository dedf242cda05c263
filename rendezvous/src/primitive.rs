//! The synchronization primitives the protocol is written against.
//!
//! Under `--cfg loom` every item comes from [loom], so the model checker runs
//! the very same protocol code that users run. Nothing outside this module
//! names `core::sync`, `std::sync` or `std::thread` directly.
//!
//! [loom]: https://docs.rs/loom

#[cfg(all(not(loom), feature = "std"))]
pub(crate) use core::sync::atomic::fence;
#[cfg(not(loom))]
pub(crate) use core::sync::atomic::{AtomicU32, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering, fence};

#[cfg(not(loom))]
pub(crate) use core::hint::spin_loop;
#[cfg(loom)]
pub(crate) use loom::hint::spin_loop;

/// Blocking, only with `std`.
#[cfg(feature = "std")]
pub(crate) mod thread {
    #[cfg(not(loom))]
    pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};
    #[cfg(not(loom))]
    pub(crate) use std::thread::yield_now;

    #[cfg(loom)]
    pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};
    #[cfg(loom)]
    pub(crate) use loom::thread::yield_now;

    pub(crate) use std::thread::panicking;
}

/// A place that one side at a time owns and writes.
///
/// Under loom every hand-over of the place is recorded as an access, so the
/// model checker reports a data race if two sides could ever own it at once.
/// Outside loom this is a plain [`core::cell::UnsafeCell`].
#[cfg(not(loom))]
#[repr(transparent)]
pub(crate) struct Slot<T>(core::cell::UnsafeCell<T>);

#[cfg(loom)]
pub(crate) struct Slot<T>(core::cell::UnsafeCell<T>, loom::cell::UnsafeCell<()>);

impl<T> Slot<T> {
    pub(crate) fn new(value: T) -> Self {
        #[cfg(not(loom))]
        return Self(core::cell::UnsafeCell::new(value));
        #[cfg(loom)]
        return Self(
            core::cell::UnsafeCell::new(value),
            loom::cell::UnsafeCell::new(()),
        );
    }

    /// A raw pointer to the value. Dereferencing it is the caller's duty.
    pub(crate) fn get(&self) -> *mut T {
        self.0.get()
    }

    /// Records that the calling side writes the slot now (loom only).
    #[inline(always)]
    pub(crate) fn touch(&self) {
        #[cfg(loom)]
        self.1.with_mut(|_| ());
    }
}
