//! The scoped runner behind `lockstep!`: two blocks, two threads, one pair.
//!
//! [`run`] is what the `lockstep!` macro expands to, and a plain function
//! anyone can call: it starts the right block on a scoped thread, runs the
//! left block on the calling thread, and hands each a [`Side`] of one
//! [`RendezvousDataState`] pair. Both blocks may borrow the caller's locals.

mod side;

pub use side::Side;

use crate::data::RendezvousDataState;
use crate::protocol::Which;
use crate::waiting::Waiting;
use alloc::boxed::Box;
use core::any::Any;
use core::panic::AssertUnwindSafe;
use side::PartnerPanicked;
use std::panic;
use std::thread;

/// Runs `left` on the calling thread and `right` on a scoped thread, in
/// lockstep over one [`RendezvousDataState`] pair whose buffers start as
/// `left_buffer` and `right_buffer`, and returns both results.
///
/// Both closures may borrow from the caller: the right thread ends before
/// `run` returns. Each gets a [`Side`]; both must call
/// [`swap`](Side::swap) equally often.
///
/// # Panics
///
/// If a block panics, its partner never hangs: a partner waiting at a swap
/// unwinds, and `run` resumes the first panic with its original payload
/// (the left block's if both panicked on their own). If one block returns
/// while the other still swaps, the latter panics with both swap counts
/// (see [`Side::swap`]) and `run` resumes that panic.
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::lockstep;
///
/// let input = [1, 2, 3];
/// let (sum, seen) = lockstep::run(
///     0,
///     0,
///     |side| {
///         for &x in &input {
///             *side.get_mut() = x; // borrows the caller's `input`
///             side.swap();
///         }
///         input.iter().sum::<i32>()
///     },
///     |side| (0..input.len()).map(|_| *side.swap()).collect::<Vec<_>>(),
/// );
/// assert_eq!((sum, seen), (6, vec![1, 2, 3]));
/// ```
pub fn run<T, L, R, A, B>(left_buffer: T, right_buffer: T, left: L, right: R) -> (A, B)
where
    T: Send,
    L: FnOnce(&mut Side<'_, T>) -> A,
    R: FnOnce(&mut Side<'_, T>) -> B + Send,
    B: Send,
{
    Builder::new()
        .run(left_buffer, right_buffer, left, right)
        .expect("lockstep::run: failed to spawn the right block's thread")
}

/// [`run`] with options: the right block's thread name and stack size, and
/// how each side waits.
///
/// # Examples
///
/// ```
/// use rendezvous_lockstep::{Waiting, lockstep::Builder};
///
/// let (left, right) = Builder::new()
///     .name("reader")
///     .stack_size(256 * 1024)
///     .waiting(Waiting::Spin)
///     .run(
///         0,
///         0,
///         |side| *side.swap(),
///         |side| {
///             *side.get_mut() = 7;
///             side.swap();
///             std::thread::current().name().map(str::to_owned)
///         },
///     )
///     .unwrap();
/// assert_eq!((left, right.as_deref()), (7, Some("reader")));
/// ```
#[derive(Debug)]
#[must_use = "a Builder does nothing until `run`"]
pub struct Builder {
    thread: thread::Builder,
    waiting: [Waiting; 2],
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// The options of [`run`]: an unnamed right thread with the default
    /// stack size, both sides waiting as [`Waiting::default()`].
    pub fn new() -> Self {
        Builder {
            thread: thread::Builder::new(),
            waiting: [Waiting::default(); 2],
        }
    }

    /// Names the right block's thread (as [`std::thread::Builder::name`]).
    pub fn name(mut self, name: impl Into<alloc::string::String>) -> Self {
        self.thread = self.thread.name(name.into());
        self
    }

    /// Sets the right block's stack size in bytes (as
    /// [`std::thread::Builder::stack_size`]).
    pub fn stack_size(mut self, size: usize) -> Self {
        self.thread = self.thread.stack_size(size);
        self
    }

    /// Sets how both sides wait for a late partner.
    pub fn waiting(mut self, waiting: Waiting) -> Self {
        self.waiting = [waiting; 2];
        self
    }

    /// Sets how the left block waits for a late partner.
    pub fn left_waiting(mut self, waiting: Waiting) -> Self {
        self.waiting[0] = waiting;
        self
    }

    /// Sets how the right block waits for a late partner.
    pub fn right_waiting(mut self, waiting: Waiting) -> Self {
        self.waiting[1] = waiting;
        self
    }

    /// Runs the two blocks as [`run`] does, with these options.
    ///
    /// # Errors
    ///
    /// If the right block's thread cannot be spawned (as
    /// [`std::thread::Builder::spawn_scoped`]); neither block ran.
    ///
    /// # Panics
    ///
    /// As [`run`].
    pub fn run<T, L, R, A, B>(
        self,
        left_buffer: T,
        right_buffer: T,
        left: L,
        right: R,
    ) -> std::io::Result<(A, B)>
    where
        T: Send,
        L: FnOnce(&mut Side<'_, T>) -> A,
        R: FnOnce(&mut Side<'_, T>) -> B + Send,
        B: Send,
    {
        let mut state = RendezvousDataState::new(left_buffer, right_buffer);
        let (mut left_data, mut right_data) = state.split();
        left_data.set_waiting(self.waiting[0]);
        right_data.set_waiting(self.waiting[1]);
        thread::scope(|scope| {
            let right_thread = self.thread.spawn_scoped(scope, move || {
                right(&mut Side::new(right_data, Which::Right))
            })?;
            // The side moves into the closure, so a panic drops it while
            // unwinding and the right block sees the partner panicked.
            let left_result = panic::catch_unwind(AssertUnwindSafe(move || {
                left(&mut Side::new(left_data, Which::Left))
            }));
            Ok(match (left_result, right_thread.join()) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(payload), Ok(_)) | (Ok(_), Err(payload)) => panic::resume_unwind(payload),
                (Err(left), Err(right)) => panic::resume_unwind(original(left, right)),
            })
        })
    }
}

/// Of two panic payloads, the one that is not a quiet [`PartnerPanicked`].
fn original(left: Box<dyn Any + Send>, right: Box<dyn Any + Send>) -> Box<dyn Any + Send> {
    if left.is::<PartnerPanicked>() {
        right
    } else {
        left
    }
}
