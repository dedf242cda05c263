//! What `lockstep!` expands to, beside `lockstep::run`: not public API.
//!
//! The expansion calls `lockstep_blocks` here (which calls `lockstep::run`) so that
//! a bound the user's code breaks is named in the user's words: each bound
//! is a trait of this module with a `#[diagnostic::on_unimplemented]`
//! message about the blocks, not about the runner.

use crate::lockstep::{self, Side};

/// The buffer type of a `lockstep!`: its buffers move between the threads
/// of the two blocks.
#[diagnostic::on_unimplemented(
    message = "the buffers of `lockstep!`, of type `{Self}`, cannot move between the blocks' threads",
    label = "each `swap!` moves a buffer of this type to the other block's thread",
    note = "the buffer type must be `Send`: use `Arc` instead of `Rc`, or plain owned data"
)]
pub trait SwappedBuffer: Send {}

impl<T: Send> SwappedBuffer for T {}

/// The value of the `right` block, which its thread hands back to the
/// caller's.
#[diagnostic::on_unimplemented(
    message = "the `right` block's value, of type `{Self}`, cannot be sent back to the calling thread",
    label = "the `right` block runs on a thread of its own, and returns this",
    note = "return an owned, `Send` value from the `right` block (`Arc` instead of `Rc`), or compute this in the `left` block, which runs on the calling thread"
)]
pub trait RightBlockValue: Send {}

impl<T: Send> RightBlockValue for T {}

/// The code of the `right` block, which runs on a thread of its own.
#[diagnostic::on_unimplemented(
    message = "the `right` block uses a value that cannot be used from another thread",
    label = "the `right` block runs on a thread of its own",
    note = "use the value only in the `left` block, which runs on the calling thread, or make it `Send` and `Sync` (`Arc` instead of `Rc`, a `Mutex` or an atomic instead of a `Cell`)"
)]
pub trait RightBlockCode: Send {}

impl<T: Send> RightBlockCode for T {}

/// Runs the two blocks of a `lockstep!`: `lockstep::run`, with bounds
/// that speak of the blocks.
pub fn lockstep_blocks<T, L, R, A, B>(left_buffer: T, right_buffer: T, left: L, right: R) -> (A, B)
where
    T: SwappedBuffer,
    L: FnOnce(&mut Side<'_, T>) -> A,
    R: FnOnce(&mut Side<'_, T>) -> B,
    R: RightBlockCode,
    B: RightBlockValue,
{
    lockstep::run(left_buffer, right_buffer, left, right)
}

/// What a rounds header (`for PAT in EXPR;`) iterates: evaluated once on
/// the calling thread, then cloned for the `right` block's thread.
#[diagnostic::on_unimplemented(
    message = "the rounds header's `{Self}` cannot give both blocks its items",
    label = "evaluated once, then copied for the `right` block's thread",
    note = "the rounds header must be `IntoIterator + Clone + Send`: iterate a range, a collection, or `&collection`; collect other iterators into a `Vec` before `lockstep!`"
)]
pub trait RoundsHeader: IntoIterator + Clone + Send {}

impl<I: IntoIterator + Clone + Send> RoundsHeader for I {}

/// The `right` block's copy of the rounds header's value.
pub fn rounds_for_right<I: RoundsHeader>(rounds: &I) -> I {
    rounds.clone()
}
