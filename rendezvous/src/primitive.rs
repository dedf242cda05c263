//! The synchronization primitives the protocol is written against.
//!
//! Under `--cfg rendezvous_loom` (with `--features loom`) every item comes
//! from [loom], so the model checker runs the very same protocol code that
//! users run, down to the `Arc` whose last drop tears a pair down. Nothing outside this module
//! names `core::sync`, `alloc::sync`, `std::sync` or `std::thread` directly.
//!
//! The cfg carries the crate's name so that a `--cfg loom` meant for another
//! crate in the same build does not switch this one to loom.
//!
//! [loom]: https://docs.rs/loom

#[cfg(all(rendezvous_loom, not(feature = "loom")))]
compile_error!(
    "`--cfg rendezvous_loom` models the protocol with loom, which is an optional \
     dependency: also pass `--features loom`"
);

#[cfg(not(rendezvous_loom))]
pub(crate) use core::sync::atomic::{AtomicU32, Ordering};
#[cfg(all(feature = "std", not(rendezvous_loom)))]
pub(crate) use core::sync::atomic::{compiler_fence, fence};
#[cfg(rendezvous_loom)]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering, fence};

#[cfg(not(rendezvous_loom))]
pub(crate) use core::hint::spin_loop;
#[cfg(rendezvous_loom)]
pub(crate) use loom::hint::spin_loop;

#[cfg(all(feature = "alloc", not(rendezvous_loom)))]
pub(crate) use alloc::sync::Arc;
#[cfg(all(feature = "alloc", rendezvous_loom))]
pub(crate) use loom::sync::Arc;

/// An atomic in a `static`, which loom cannot model (its atomics need a
/// model to live in): for process-wide facts that are not part of any
/// pair's protocol, as the choice of barrier in `crate::barrier`.
#[cfg(feature = "std")]
pub(crate) use core::sync::atomic::AtomicU8 as StaticAtomicU8;

/// loom has no compiler fence; a fence is at least as strong.
#[cfg(rendezvous_loom)]
pub(crate) fn compiler_fence(order: Ordering) {
    fence(order);
}

/// Blocking, only with `std`.
#[cfg(feature = "std")]
pub(crate) mod thread {
    #[cfg(not(rendezvous_loom))]
    pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};
    #[cfg(not(rendezvous_loom))]
    pub(crate) use std::thread::yield_now;

    #[cfg(rendezvous_loom)]
    pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};
    #[cfg(rendezvous_loom)]
    pub(crate) use loom::thread::yield_now;

    pub(crate) use std::thread::panicking;
}

/// Defines a function that is `const` outside loom.
///
/// loom's atomics, cells and locks have no `const` constructors, so the
/// constructors of the pair states (`const fn` for users, who build pairs
/// in `static`s) are plain functions under `rendezvous_loom`.
macro_rules! const_fn {
    ($(#[$attr:meta])* $vis:vis fn $name:ident $($rest:tt)*) => {
        #[cfg(not(rendezvous_loom))]
        $(#[$attr])*
        $vis const fn $name $($rest)*

        #[cfg(rendezvous_loom)]
        $(#[$attr])*
        $vis fn $name $($rest)*
    };
}
pub(crate) use const_fn;

/// A place that one side at a time owns and writes.
///
/// Under loom every hand-over of the place is recorded as an access, so the
/// model checker reports a data race if two sides could ever own it at once.
/// Outside loom this is a plain [`core::cell::UnsafeCell`].
#[cfg(not(rendezvous_loom))]
#[repr(transparent)]
pub(crate) struct Slot<T>(core::cell::UnsafeCell<T>);

#[cfg(rendezvous_loom)]
pub(crate) struct Slot<T>(core::cell::UnsafeCell<T>, loom::cell::UnsafeCell<()>);

impl<T> Slot<T> {
    const_fn! {
        pub(crate) fn new(value: T) -> Self {
            #[cfg(not(rendezvous_loom))]
            return Self(core::cell::UnsafeCell::new(value));
            #[cfg(rendezvous_loom)]
            return Self(
                core::cell::UnsafeCell::new(value),
                loom::cell::UnsafeCell::new(()),
            );
        }
    }

    /// A raw pointer to the value. Dereferencing it is the caller's duty.
    #[inline(always)]
    pub(crate) fn get(&self) -> *mut T {
        self.0.get()
    }

    /// The value, through exclusive access.
    pub(crate) fn get_mut(&mut self) -> &mut T {
        self.0.get_mut()
    }

    /// The value, taking the slot apart.
    pub(crate) fn into_inner(self) -> T {
        self.0.into_inner()
    }

    /// Records that the calling side writes the slot now (loom only).
    #[inline(always)]
    pub(crate) fn touch(&self) {
        #[cfg(rendezvous_loom)]
        self.1.with_mut(|_| ());
    }
}
