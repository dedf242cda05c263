//! Errors of the fallible waits.

use core::fmt;

/// The partner's handle is gone, so the awaited rendezvous can never happen.
///
/// Returned by `try_wait` and `try_swap` (and inside [`TimeoutError`]); the
/// panicking `wait` and `swap` panic with its [`Display`](fmt::Display) text.
///
#[cfg_attr(
    not(feature = "std"),
    doc = "[`TimeoutError`]: https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/enum.TimeoutError.html\n"
)]
///
/// A handle is gone once it is dropped: normally (its thread finished or gave
/// it up) or during a panic of its thread, which [`partner_panicked`] tells
/// apart when the partner was built with the `std` feature.
///
/// Once a handle has seen its partner disconnected, every later wait or swap
/// returns the same error at once.
///
/// [`partner_panicked`]: Disconnected::partner_panicked
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::Rendezvous;
///
/// let (mut left, right) = Rendezvous::new();
/// drop(right);
/// let err = left.try_wait().unwrap_err();
/// assert_eq!(err.partner_swaps(), 0);
/// assert!(!err.partner_panicked());
/// assert_eq!(err.to_string(), "rendezvous partner was dropped after 0 swaps, \
///     so this side's swap 1 can never complete");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Disconnected {
    pub(crate) partner_swaps: u64,
    pub(crate) partner_panicked: bool,
}

impl Disconnected {
    /// How many rendezvous the partner completed before it went away.
    ///
    /// This side is waiting at rendezvous number `partner_swaps() + 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, mut right) = rendezvous_lockstep::Rendezvous::new();
    /// let t = std::thread::spawn(move || right.wait()); // one wait, then drop
    /// left.wait();
    /// t.join().unwrap();
    /// assert_eq!(left.try_wait().unwrap_err().partner_swaps(), 1);
    /// ```
    #[must_use]
    pub fn partner_swaps(&self) -> u64 {
        self.partner_swaps
    }

    /// Whether the partner's handle was dropped while its thread panicked.
    ///
    /// # Examples
    ///
    /// ```
    /// let (mut left, right) = rendezvous_lockstep::Rendezvous::new();
    /// let t = std::thread::spawn(move || {
    ///     let _right = right; // dropped while the thread unwinds
    ///     panic!("right gives up");
    /// });
    /// assert!(t.join().is_err());
    /// assert!(left.try_wait().unwrap_err().partner_panicked());
    /// ```
    #[must_use]
    pub fn partner_panicked(&self) -> bool {
        self.partner_panicked
    }
}

impl fmt::Display for Disconnected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.partner_panicked {
            "panicked"
        } else {
            "was dropped"
        };
        let (swaps, s) = (self.partner_swaps, plural(self.partner_swaps));
        write!(
            f,
            "rendezvous partner {how} after {swaps} swap{s}, so this side's swap {} can never complete",
            swaps + 1
        )
    }
}

impl core::error::Error for Disconnected {}

/// Panics with the text of `err`: what `wait` and `swap` do where `try_wait`
/// and `try_swap` return the error. Cold and out of line, so the fast path
/// that calls it stays small; the panic names the caller's location.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn disconnected(err: Disconnected) -> ! {
    panic!("{err}")
}

/// `"s"` unless `n` is 1: "after 1 swap", "after 2 swaps".
pub(crate) fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Why a wait with a timeout returned without a rendezvous.
///
/// In an error chain (what `anyhow`'s `{:#}` prints, or any report that
/// walks [`source`](core::error::Error::source)), each message appears
/// once. The [`Disconnected`](TimeoutError::Disconnected) variant is
/// transparent: its [`Display`](fmt::Display) is the inner
/// [`Disconnected`]'s own sentence, the one `try_wait` returns and `wait`
/// panics with, so [`source`](core::error::Error::source) does not return
/// that inner error a second time but forwards to its source (none). Its
/// details (`partner_swaps`, `partner_panicked`) are a `match` away.
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::{Rendezvous, TimeoutError};
/// use std::time::Duration;
///
/// let (mut left, right) = Rendezvous::new();
/// assert_eq!(left.wait_timeout(Duration::from_millis(1)), Err(TimeoutError::Timeout));
/// drop(right);
/// let err = left.wait_timeout(Duration::from_millis(1)).unwrap_err();
/// let TimeoutError::Disconnected(gone) = err else { panic!("{err:?}") };
/// assert_eq!(err.to_string(), gone.to_string()); // the inner text, once
/// assert!(std::error::Error::source(&err).is_none());
/// ```
#[cfg(feature = "std")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeoutError {
    /// The partner did not arrive in time. This side's arrival stands: the
    /// next wait resumes the same rendezvous.
    Timeout,
    /// The partner is gone; see [`Disconnected`].
    Disconnected(Disconnected),
}

#[cfg(feature = "std")]
impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeoutError::Timeout => f.write_str("rendezvous partner did not arrive in time"),
            TimeoutError::Disconnected(err) => err.fmt(f),
        }
    }
}

#[cfg(feature = "std")]
impl core::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            TimeoutError::Timeout => None,
            // Transparent: the Display above is already `err`'s own text,
            // so returning `err` here would print it twice in a chain.
            TimeoutError::Disconnected(err) => core::error::Error::source(err),
        }
    }
}

#[cfg(feature = "std")]
impl From<Disconnected> for TimeoutError {
    fn from(err: Disconnected) -> Self {
        TimeoutError::Disconnected(err)
    }
}

/// Why a wait ended without a rendezvous.
#[derive(Debug)]
pub(crate) enum Missed {
    /// The partner is gone.
    Disconnected(Disconnected),
    /// The deadline passed; this side's arrival stands.
    #[cfg_attr(not(feature = "std"), allow(dead_code))]
    Timeout,
}

impl Missed {
    /// The reason a wait without a deadline ended: the partner is gone.
    pub(crate) fn without_deadline(self) -> Disconnected {
        match self {
            Missed::Disconnected(err) => err,
            Missed::Timeout => unreachable!("a wait without deadline timed out"),
        }
    }
}

#[cfg(feature = "std")]
impl From<Missed> for TimeoutError {
    fn from(missed: Missed) -> Self {
        match missed {
            Missed::Disconnected(err) => TimeoutError::Disconnected(err),
            Missed::Timeout => TimeoutError::Timeout,
        }
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::Disconnected;
    use alloc::string::ToString;

    #[test]
    fn one_swap_is_singular() {
        let gone = |partner_swaps| Disconnected {
            partner_swaps,
            partner_panicked: true,
        };
        assert_eq!(
            gone(1).to_string(),
            "rendezvous partner panicked after 1 swap, so this side's swap 2 can never complete"
        );
        assert_eq!(
            gone(2).to_string(),
            "rendezvous partner panicked after 2 swaps, so this side's swap 3 can never complete"
        );
    }
}
