//! [`Deadline`]: when a wait gives up. With `std`, a point in time or none;
//! without a clock (`no_std`), always none.

#[cfg(feature = "std")]
use core::time::Duration;
#[cfg(feature = "std")]
use std::time::Instant;

/// A point in time after which a wait gives up, or none.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline(#[cfg(feature = "std")] Option<Instant>);

impl Deadline {
    /// No deadline: wait until the partner arrives or is gone.
    #[cfg(feature = "std")]
    pub(crate) const FOREVER: Deadline = Deadline(None);
    /// No deadline: without a clock, the only kind.
    #[cfg(not(feature = "std"))]
    pub(crate) const FOREVER: Deadline = Deadline();

    /// Gives up at `instant`.
    #[cfg(feature = "std")]
    pub(crate) fn at(instant: Instant) -> Self {
        Deadline(Some(instant))
    }

    /// Gives up `timeout` from now (never, if that is beyond the clock).
    #[cfg(feature = "std")]
    pub(crate) fn after(timeout: Duration) -> Self {
        Deadline(Instant::now().checked_add(timeout))
    }

    /// The instant it gives up at, if any.
    #[cfg(feature = "std")]
    pub(crate) fn instant(self) -> Option<Instant> {
        self.0
    }

    /// Whether the deadline has passed.
    #[inline]
    pub(crate) fn expired(self) -> bool {
        #[cfg(feature = "std")]
        return self.0.is_some_and(|deadline| Instant::now() >= deadline);
        #[cfg(not(feature = "std"))]
        return false;
    }
}
