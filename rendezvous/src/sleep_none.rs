//! The `no_std` twin of `sleep.rs`: without `std` a side never sleeps, so
//! there is no handshake to pay for, no sleeper, and no clock.

use crate::primitive::const_fn;

/// Without sleeping there is no barrier to choose.
pub(crate) fn prepare() {}

/// Without sleeping, the fast path needs no barrier at all.
#[inline(always)]
pub(crate) fn light_barrier() {}

/// Nobody sleeps without `std`.
#[inline(always)]
pub(crate) fn asleep(_word: u32) -> bool {
    false
}

/// Without a thread, nothing panics while a handle is dropped (a `no_std`
/// panic aborts or loops), so a closed side is never marked panicked.
pub(crate) fn panicking() -> bool {
    false
}

/// No sleepers: zero bytes beside the words.
pub(crate) struct Sleepers;

impl Sleepers {
    const_fn! {
        pub(crate) fn new() -> Self {
            Sleepers
        }
    }

    /// Nobody sleeps, so nobody is woken.
    #[inline(always)]
    pub(crate) fn wake_if_asleep(&self, _sleeper: usize, _word: u32) {}

    /// Nobody sleeps, so nobody is woken.
    #[inline(always)]
    pub(crate) fn wake(&self, _sleeper: usize) {}
}
