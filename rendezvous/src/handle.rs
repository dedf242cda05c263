//! What every handle has, whatever its kind (the barrier `Rendezvous` or
//! the buffer-swapping `RendezvousData`) and its face (owned, holding an
//! `Arc` of the pair's state, or borrowed, holding a `&` to it).
//!
//! The four handle types are written by macros, so that each method, its
//! doc and its example are written once for both faces: `rendezvous.rs`
//! and `data_handle.rs` each define the macro of their kind and invoke it
//! once per face. What does not depend on the kind lives here:
//! `side_methods!` (`swaps`, `is_pending`, `waiting`, `set_waiting`),
//! `side_impls!` (`Drop`, which closes the side, and `Debug`), and
//! `doc_pair!`, the line of a doc example that makes a pair of the face
//! being documented, so that every example runs against both faces.
//!
//! Each handle is a struct of two fields: `state`, which dereferences to
//! the pair's state (whose `protocol()` is the pair's `Protocol`), and
//! `side`, its `Party`.
//!
//! Docs that mention an owned handle, in a build without `alloc`, take its
//! link target from `owned_handle_links!`.
//!
//! The crate root declares this module first, with `#[macro_use]`, so that
//! every module after it names these macros directly.

/// Link targets for docs that mention the owned handles, which exist only
/// with `alloc`: built without it, those docs link to docs.rs instead.
#[cfg(not(feature = "alloc"))]
macro_rules! owned_handle_links {
    () => {
        concat!(
            "\n[`Rendezvous`]: https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.Rendezvous.html",
            "\n[`RendezvousData`]: https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.RendezvousData.html",
            "\n[`crate::Rendezvous`]: https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.Rendezvous.html",
            "\n[`crate::RendezvousData`]: https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.RendezvousData.html",
        )
    };
}

/// The line of a doc example that makes a pair of handles bound to
/// `$pattern`, with buffers `$buffers` (`()` for a barrier): through
/// `$Handle::new` for the owned face, through a `state` that
/// `$State::split` splits for the borrowed face.
macro_rules! doc_pair {
    ($Handle:ident::new, $pattern:pat, ($($buffers:tt)*)) => {
        concat!(
            "let ", stringify!($pattern), " = rendezvous_lockstep::", stringify!($Handle),
            "::new(", stringify!($($buffers)*), ");",
        )
    };
    ($State:ident::split, $pattern:pat, ($($buffers:tt)*)) => {
        concat!(
            "let mut state = rendezvous_lockstep::", stringify!($State),
            "::new(", stringify!($($buffers)*), ");\n",
            "let ", stringify!($pattern), " = state.split();",
        )
    };
}

/// The methods of every handle that only read or set its side, written
/// inside the handle's `impl` block. The kind gives the summaries of
/// `swaps` and `is_pending` (what it calls a round, and what a pending
/// arrival means for it), and how its examples make a pair (see
/// `doc_pair!`).
macro_rules! side_methods {
    (
        pairs from $Maker:ident::$how:ident $buffers:tt;
        $(#[$swaps:meta])* fn swaps;
        $(#[$is_pending:meta])* fn is_pending;
    ) => {
        $(#[$swaps])*
        ///
        /// # Examples
        ///
        /// ```
        #[doc = doc_pair!($Maker::$how, (left, _right), $buffers)]
        /// assert_eq!(left.swaps(), 0);
        /// ```
        #[must_use]
        pub fn swaps(&self) -> u64 {
            self.side.completed()
        }

        $(#[$is_pending])*
        ///
        /// # Examples
        ///
        /// ```
        #[doc = doc_pair!($Maker::$how, (left, _right), $buffers)]
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
        #[doc = doc_pair!($Maker::$how, (left, _right), $buffers)]
        /// assert_eq!(left.waiting(), rendezvous_lockstep::Waiting::default());
        /// ```
        #[must_use]
        pub fn waiting(&self) -> crate::waiting::Waiting {
            self.side.waiting
        }

        /// Sets how this side waits for a late partner.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = doc_pair!($Maker::$how, (mut left, _right), $buffers)]
        /// left.set_waiting(rendezvous_lockstep::Waiting::Spin);
        /// ```
        pub fn set_waiting(&mut self, waiting: crate::waiting::Waiting) {
            self.side.waiting = waiting;
        }
    };
}

/// `Drop` and `Debug` of a handle type `$Self` (with the generic
/// parameters in brackets), shown as `$Name`. Dropping a handle closes its
/// side, which tells the partner (and, while the thread unwinds, that it
/// panicked).
macro_rules! side_impls {
    ($(#[$face:meta])* impl[$($generics:tt)*] $Self:ty, named $Name:ident) => {
        $(#[$face])*
        impl<$($generics)*> Drop for $Self {
            fn drop(&mut self) {
                self.state.protocol().close(&self.side);
            }
        }

        $(#[$face])*
        impl<$($generics)*> core::fmt::Debug for $Self {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($Name))
                    .field("side", &self.side.which().index())
                    .field("swaps", &self.side.completed())
                    .field("pending", &self.side.is_pending())
                    .finish_non_exhaustive()
            }
        }
    };
}
