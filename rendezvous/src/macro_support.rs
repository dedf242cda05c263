//! What `lockstep!` expands to, beside `lockstep::run`: not public API.
//!
//! The expansion calls `lockstep_blocks` here (which calls `lockstep::run`) so that
//! a bound the user's code breaks is named in the user's words: each bound
//! is a trait of this module with a `#[diagnostic::on_unimplemented]`
//! message about the blocks, not about the runner.

use crate::lockstep::{self, Builder, Side};
use crate::waiting::Waiting;
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;

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

/// The buffer type of a `lockstep!` with a block that binds no buffer but
/// names its side: that block's buffer starts as the type's default.
#[diagnostic::on_unimplemented(
    message = "a block that binds no buffer starts with the buffer type's default, and `{Self}` has none",
    label = "this block binds no buffer, so its side starts with `{Self}::default()`",
    note = "bind a buffer in this block, as in `left |buf = INITIAL| as side`, or swap a type that has a `Default`, such as an `Option`"
)]
pub trait DefaultBuffer: Default {}

impl<T: Default> DefaultBuffer for T {}

/// The first buffer of a block that binds none.
pub fn default_buffer<T: DefaultBuffer>() -> T {
    T::default()
}

/// The options of a `lockstep!`'s blocks: `left(waiting = ..)`,
/// `right(name = .., stack_size = .., waiting = ..)`. A [`Builder`] whose
/// bounds speak of the blocks.
#[derive(Debug)]
pub struct Options(Builder);

/// The options of a `lockstep!` without any yet.
pub fn options() -> Options {
    Options(Builder::new())
}

/// The name of the `right` block's thread: a string, as
/// [`std::thread::Builder::name`] takes it.
#[diagnostic::on_unimplemented(
    message = "the `right` block's thread name must be a string, not `{Self}`",
    label = "the name of the `right` block's thread",
    note = "write `right(name = \"reader\")`, or pass a `String`, `&str`, `Box<str>` or `Cow<str>`"
)]
pub trait ThreadName {
    /// The name, owned.
    fn into_name(self) -> String;
}

macro_rules! thread_names {
    ($($ty:ty),*) => {
        $(impl ThreadName for $ty {
            fn into_name(self) -> String {
                self.into()
            }
        })*
    };
}

// The types a `String` can be made from, as `From` lists them; explicit
// impls (not one over `Into<String>`) keep the message above in an error.
thread_names!(
    String,
    &str,
    &mut str,
    &String,
    Box<str>,
    Cow<'_, str>,
    char
);

impl Options {
    /// `right(name = ..)`.
    pub fn name(self, name: impl ThreadName) -> Self {
        Options(self.0.name(name.into_name()))
    }

    /// `right(stack_size = ..)`.
    pub fn stack_size(self, size: usize) -> Self {
        Options(self.0.stack_size(size))
    }

    /// `left(waiting = ..)`.
    pub fn left_waiting(self, waiting: Waiting) -> Self {
        Options(self.0.left_waiting(waiting))
    }

    /// `right(waiting = ..)`.
    pub fn right_waiting(self, waiting: Waiting) -> Self {
        Options(self.0.right_waiting(waiting))
    }
}

/// [`lockstep_blocks`] with the blocks' options.
///
/// # Panics
///
/// As [`lockstep::run`], and if the `right` block's thread cannot be
/// started (for example, with a `stack_size` the system refuses).
pub fn lockstep_blocks_with<T, L, R, A, B>(
    options: Options,
    left_buffer: T,
    right_buffer: T,
    left: L,
    right: R,
) -> (A, B)
where
    T: SwappedBuffer,
    L: FnOnce(&mut Side<'_, T>) -> A,
    R: FnOnce(&mut Side<'_, T>) -> B,
    R: RightBlockCode,
    B: RightBlockValue,
{
    match options.0.run(left_buffer, right_buffer, left, right) {
        Ok(values) => values,
        Err(err) => panic!("lockstep!: cannot start the `right` block's thread: {err}"),
    }
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
