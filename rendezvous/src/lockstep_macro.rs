//! The `lockstep!` macro: a `macro_rules!` wrapper that hands this crate's
//! path to the proc macro. `#[macro_export]` puts it at the crate root.

/// Runs two blocks on two threads in lockstep: see
/// [the crate docs](crate#the-lockstep-macro) for the grammar.
///
/// A thin wrapper that passes this crate's path (`$crate`) to the proc
/// macro, so the expansion finds [`lockstep::run`](crate::lockstep::run) even where the
/// dependency is renamed.
///
/// # Examples
///
/// ```
/// let (a, b) = rendezvous_lockstep::lockstep! {
///     left |n = 1| { swap!(n); *n }
///     right |n = 2| { swap!(n); *n }
/// };
/// assert_eq!((a, b), (2, 1));
/// ```
#[macro_export]
macro_rules! lockstep {
    ($($body:tt)*) => {
        $crate::__private::lockstep_blocks! { ($crate) $($body)* }
    };
}
