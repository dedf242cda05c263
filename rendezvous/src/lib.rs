//! Lockstep rendezvous for a pair of threads.
//!
//! A *rendezvous* is a barrier for exactly two threads: each waits until the
//! other arrives, then both go on. This crate makes that meeting as cheap as
//! the hardware allows and safe against every way a partner can fail.
//!
//! - [`Rendezvous`]: the barrier. [`wait`][`Rendezvous::wait`] returns once
//!   the partner has called `wait` as often.
//! - [`RendezvousData`]: the barrier with one buffer per side, traded at
//!   every [`swap`][`RendezvousData::swap`]. Double buffers between a
//!   simulation and a renderer, an audio callback and its producer, two
//!   pipeline stages, two cores of a microcontroller.
//!
//! # Examples
//!
//! ```
//! use rendezvous_lockstep::RendezvousData;
//! use std::thread;
//!
//! // The simulation fills a frame while the renderer shows the previous one.
//! let (mut simulation, mut renderer) = RendezvousData::new(Vec::new(), Vec::new());
//! let render = thread::spawn(move || {
//!     let mut shown = Vec::new();
//!     for _ in 0..3 {
//!         let frame = renderer.swap();
//!         shown.push(frame.clone());
//!     }
//!     shown
//! });
//! let mut frame = simulation.get_mut();
//! for step in 1..=3 {
//!     frame.clear();
//!     frame.push(step);
//!     frame = simulation.swap();
//! }
//! assert_eq!(render.join().unwrap(), [vec![1], vec![2], vec![3]]);
//! ```
//!
//! # Speed
//!
//! Meeting costs one store and one load on each side: a side stores its
//! arrival count into a word of its own (Release) and reads the partner's
//! word (Acquire) until the partner has arrived too. There is no
//! compare-and-swap, no lock, no hardware fence and no system call on that
//! path, and both words share one cache line, so a rendezvous moves one line between two cores.
//! Buffers are traded by ownership, not by copying. The
//! [`protocol`](#the-protocol) below explains why the orderings suffice.
//!
//! # Safety against a failing partner
//!
//! A handle that is dropped marks its side closed, and, if its thread is
//! panicking, panicked. A side waiting for a closed partner does not hang:
//! `wait` and `swap` panic with a message that says what happened (for
//! example *rendezvous partner panicked after 3 swaps, so this side's swap 4
//! can never complete*), and `try_wait` and `try_swap` return
//! [`Disconnected`] instead. With `std`, `wait_timeout` and `swap_timeout`
//! give up after a while.
//!
//! # Waiting
//!
//! A side whose partner is late first spins. With the `std` feature, the
//! default [`Waiting::Park`] then yields and parks the thread, so a slow
//! partner or more threads than cores cost no busy core;
//! [`Waiting::Spin`] spins on for the lowest latency.
//!
//! # Without an allocator
//!
//! [`RendezvousState`] and [`RendezvousDataState`] hold a pair's state
//! wherever the caller puts it; their `split` makes two handles that borrow
//! it, [`RendezvousRef`] and [`RendezvousDataRef`], with the methods of the
//! owned handles. Without default features the crate needs neither `std`
//! nor `alloc`, nor compare-and-swap: atomic loads and stores of 32 bits
//! suffice, as on `thumbv6m-none-eabi`. Both states have a `const fn new`,
//! so a `static` holds a pair, built in place, off a small stack.
//!
//! Splitting a pair takes the one `&'static mut` to it, which a cell that
//! hands out that reference once gives without `unsafe`, as
//! [`static_cell`](https://docs.rs/static_cell)'s `ConstStaticCell` does:
//! its `const fn new` builds the pair in place, and its `take` returns the
//! reference the first time and panics after. On a target without
//! compare-and-swap, static_cell's `portable-atomic` takes the cell in a
//! critical section, so the firmware needs
//!
//! ```toml
//! [dependencies]
//! static_cell = "2.1.1"
//!
//! # Where there is no compare-and-swap, as on thumbv6m-none-eabi:
//! [target.'cfg(not(target_has_atomic = "ptr"))'.dependencies]
//! portable-atomic = { version = "1.11", features = ["critical-section"] }
//! ```
//!
//! and links an implementation of `critical-section` that excludes every
//! core, not only the interrupts of one (on the RP2040, the HAL's, which
//! takes a hardware spinlock; portable-atomic's `unsafe-assume-single-core`
//! is unsound on two cores). `rendezvous/examples/two_cores.rs` shares a
//! pair this way between the two cores of a Cortex-M0+:
//!
//! ```
//! use rendezvous_lockstep::RendezvousDataState;
//! use static_cell::ConstStaticCell;
//!
//! static FRAMES: ConstStaticCell<RendezvousDataState<[u8; 4096]>> =
//!     ConstStaticCell::new(RendezvousDataState::new([0; 4096], [0; 4096]));
//!
//! let (mut producer, mut consumer) = FRAMES.take().split(); // 'static handles
//! let other_core = std::thread::spawn(move || consumer.swap()[0]);
//! producer.get_mut()[0] = 7;
//! producer.swap();
//! assert_eq!(other_core.join().unwrap(), 7);
//! ```
//!
//! # The protocol
//!
//! Each side owns one 32-bit word and is its only writer. The word counts
//! the rendezvous points the side has arrived at, above three flags
//! (closed, panicked, sleeping). To meet for the `n`-th time, a side stores
//! `n` into its word and waits while the partner's count is `n - 1`: the
//! partner can only be at `n - 1`, `n` or `n + 1`, so the test survives the
//! count wrapping around.
//!
//! Acquire/Release suffices because all the partner needs is to see this
//! side's writes made before its arrival, the writes to the buffer it hands
//! over above all: the Release store of the arrival and the partner's Acquire
//! load that reads it order exactly those. Every store of a word is Release,
//! so whichever of them the partner reads, the order holds.
//!
//! A side that goes to sleep (`std` only) sets its sleeping flag, and
//! checks the partner once more before it blocks on a condition variable;
//! every side, after storing its word, checks the partner's sleeping flag
//! and wakes it. For no wake-up to be lost, one of the two checks must see
//! the other side's store. The sleeper pays for that alone: before its
//! check it issues a process-wide memory barrier (Linux `membarrier(2)`,
//! Windows `FlushProcessWriteBuffers`), which acts as a fence in the
//! arriving thread too, so the arriving side needs only a compiler fence,
//! no instruction. Where the system offers no such barrier, both sides
//! issue a `SeqCst` fence (chosen once per process). Without `std` nobody
//! sleeps, and there is nothing to pay.
//!
//! # The lockstep! macro
//!
//! With the `macros` feature, [`lockstep!`] writes the two threads for you:
//! it turns two blocks into two threads that run in lockstep, swapping at
//! each `swap!`. It is thin sugar over [`lockstep::run`]: the `left` block
//! runs on the calling thread and the `right` block on a scoped thread, so
//! both may borrow the caller's locals, and the macro evaluates to
//! `(left_value, right_value)`. A panic in one block never hangs the other;
//! the caller gets the original panic.
//!
//! ```
//! use rendezvous_lockstep::lockstep;
//!
//! let scale = 10; // borrowed by both blocks
//! let (sent, seen) = lockstep! {
//!     <Vec<u32>>                          // the buffer type (optional)
//!     left |buf = Vec::new()| {           // buf: &mut Vec<u32>, this block's buffer
//!         for i in 0..3 {
//!             buf.clear();
//!             buf.push(i * scale);
//!             swap!(buf);                 // hand it over, take the partner's
//!         }
//!         3
//!     }
//!     right |buf = Vec::new()| {
//!         let mut seen = Vec::new();
//!         for _ in 0..3 {
//!             swap!(buf);                 // now buf holds what left wrote
//!             seen.extend_from_slice(buf);
//!         }
//!         seen
//!     }
//! };
//! assert_eq!((sent, seen), (3, vec![0, 10, 20]));
//! ```
//!
//! The grammar, in full:
//!
//! ```text
//! lockstep! {
//!     [ < TYPE > ]                         // the buffer type, once; else inferred
//!     [ for PATTERN in EXPRESSION ; ]      // rounds form
//!     left  [ ( waiting = EXPR ) ] [ | NAME = INITIAL | ] [ as SIDE ] { CODE }
//!     right [ ( OPTION, ... ) ]    [ | NAME = INITIAL | ] [ as SIDE ] { CODE }
//! }
//! OPTION: name = EXPR          // the right thread's name (a string)
//!         stack_size = EXPR    // the right thread's stack size in bytes (usize)
//!         waiting = EXPR       // how the block waits for a late partner (a Waiting)
//! ```
//!
//! - **Data form**: each block binds a buffer. `NAME` is a `&mut TYPE` to
//!   the block's current buffer, which starts as `INITIAL`. `swap!(NAME)`
//!   waits for the partner's matching `swap!`, gives it this buffer and
//!   rebinds `NAME` to the one the partner had; a borrow of the old buffer
//!   cannot be used after the `swap!`, and the buffer cannot leave its
//!   block. A block binds one buffer (several values travel as a tuple or
//!   struct); its type goes in `<TYPE>`, not in the binding. An `INITIAL`
//!   that contains `|` needs parentheses.
//! - **Barrier form**: neither block binds a buffer; `swap!()` is a pure
//!   rendezvous (the buffer type is `()`).
//! - **Rounds form**: `for PATTERN in EXPRESSION;` before the blocks
//!   evaluates `EXPRESSION` once, on the calling thread, and gives the
//!   `right` block a clone of its value, so it must be
//!   `IntoIterator + Clone + Send`: a range, a `Vec` (each block then owns
//!   its items), `&v` or `v.iter()`. Each block's code runs once per item,
//!   with `PATTERN` bound in both blocks, and the macro swaps once at the
//!   end of every round, so both blocks swap equally often by construction.
//!   Inside, `swap!` is an error, and so are `break`, `continue`, `return`
//!   and `?` that would end one block's rounds early, and so is `as SIDE`.
//!   The macro's value is `()`: collect results in the caller's locals.
//! - **End of stream**: `try_swap!(NAME)` (`try_swap!()` in the barrier
//!   form) is an expression of type `bool`: `true` after a swap, with `NAME`
//!   rebound to the partner's old buffer, and `false` once the partner
//!   block has returned, with `NAME` rebound to this block's own buffer.
//!   A partner's panic still propagates. `while try_swap!(buf) { .. }`
//!   consumes until the producer is done; `if !try_swap!(buf) { break }`
//!   ends a generator when its consumer hangs up.
//! - **Named side**: with `as SIDE`, the block's code sees `SIDE`, a
//!   `&mut lockstep::Side<'_, TYPE>`, the very value [`lockstep::run`]
//!   passes, which can do everything a handle can: `swap()`, `try_swap()`,
//!   `swap_timeout(..)` and `swap_deadline(..)`, `would_block()`, the
//!   barrier form's `wait()` family, and on `Option` buffers `exchange`
//!   and the one-way hand-offs `give(value)`, `take()` and `iter_take()`.
//!   Hand it to a function, a closure or a struct (an `io::Read` adapter),
//!   written once for both blocks. `NAME` and `swap!(NAME)` still work;
//!   `NAME` borrows the buffer through `SIDE`, so after a helper used the
//!   side, read the buffer again with `NAME = SIDE.get_mut();`. A stale
//!   `NAME` is rustc's `error[E0499]: cannot borrow `*SIDE` as mutable
//!   more than once at a time`, which marks the first borrow on the
//!   binding's `NAME`, the second on the helper's use of `SIDE`, and the
//!   stale use.
//! - **Side-only blocks**: a block that names its side need not bind a
//!   buffer when the buffer type is known, from `<TYPE>` or the other
//!   block's binding (`right as conn { .. }`): its side's buffer starts as
//!   `TYPE::default()`, so `TYPE` must implement `Default` (an `Option<T>`
//!   for the hand-offs does). A block that binds no buffer and names no
//!   side is an error in the data form.
//! - **Options**: `right(name = "reader", stack_size = 1 << 20)` names the
//!   `right` block's thread and sets its stack size; `waiting = ..` on
//!   either block chooses its [`Waiting`]. They go to
//!   `lockstep::Builder`. The `left` block runs on the calling thread, so
//!   it takes only `waiting`.
//!
//! ```
//! use rendezvous_lockstep::{Waiting, lockstep, lockstep::Side};
//!
//! /// Sends `values`, whichever block calls it.
//! fn send_all(side: &mut Side<'_, u32>, values: &[u32]) {
//!     for &value in values {
//!         *side.get_mut() = value;
//!         side.swap();
//!     }
//! }
//!
//! let (sent, (received, thread)) = lockstep! {
//!     <u32>
//!     left(waiting = Waiting::Spin) |n = 0| as side {
//!         send_all(side, &[1, 2, 3]);         // a helper swaps through `side`
//!         n = side.get_mut();                 // then read the buffer again
//!         *n
//!     }
//!     right(name = "consumer") |n = 0| {
//!         let mut received = Vec::new();
//!         while try_swap!(n) {                // until the left block returns
//!             received.push(*n);
//!         }
//!         (received, std::thread::current().name().map(str::to_owned))
//!     }
//! };
//! assert_eq!((sent, received), (2, vec![1, 2, 3])); // left ends with right's old buffer
//! assert_eq!(thread.as_deref(), Some("consumer"));
//! ```
//!
//! A block can keep its side in a struct, say a reader with a `Drop` that
//! hands over a last value. The struct names two lifetimes, as the block
//! receives the side: `&'s mut Side<'p, T>`, a borrow (`'s`) of a side that
//! lives longer (`'p`). One lifetime for both, `&'a mut Side<'a, T>`, is
//! rejected with rustc's "lifetime may not live long enough ... mutable
//! references are invariant over their type parameter".
//!
//! ```
//! use rendezvous_lockstep::{lockstep, lockstep::Side};
//! use std::time::Duration;
//!
//! /// Hands lines to the partner; on drop, an empty line says "done".
//! struct Writer<'s, 'p> {
//!     side: &'s mut Side<'p, Option<String>>,
//! }
//!
//! impl Drop for Writer<'_, '_> {
//!     fn drop(&mut self) {
//!         let _ = self.side.give(String::new());
//!     }
//! }
//!
//! let (_, lines) = lockstep! {
//!     <Option<String>>
//!     left as side {
//!         let writer = Writer { side };
//!         writer.side.give("hello".to_owned()).unwrap();
//!     } // the writer's drop gives the empty line
//!     right as side {
//!         let mut lines = Vec::new();
//!         // Waits at most a second for each line, as a reader that must shut
//!         // down in time would.
//!         while let Ok(buffer) = side.swap_timeout(Duration::from_secs(1)) {
//!             match buffer.take() {
//!                 Some(line) if !line.is_empty() => lines.push(line),
//!                 _ => break,
//!             }
//!         }
//!         lines
//!     }
//! };
//! assert_eq!(lines, ["hello"]);
//! ```
//!
//! ```
//! use rendezvous_lockstep::lockstep;
//! use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
//!
//! let total = AtomicU32::new(0);
//! lockstep! {
//!     for tick in 1..=4;
//!     left { total.fetch_add(tick, Relaxed); }
//!     right { total.fetch_add(10 * tick, Relaxed); } // both blocks see `tick`
//! }
//! assert_eq!(total.into_inner(), 110);
//! ```
//!
//! `swap!` and `try_swap!` need no import: `lockstep!` recognizes them by
//! name and replaces them. They belong in a block's own code; anywhere
//! else, [`swap!`] and [`try_swap!`] are compile errors. Misuse gets a
//! compile error on the offending token: a `swap!` or `try_swap!` in an
//! initializer, the rounds header, a closure, async block, nested `fn` or
//! another macro's arguments (it could not be paired there; a helper takes
//! the named side instead); a missing, repeated, third or unknown block; a
//! `swap!(name)` that names no buffer of its block, or where a `let`, a
//! pattern or a closure parameter has rebound `name` (the `swap!` would
//! trade the block's buffer, not the rebound value) or the side's name; an
//! unknown or repeated option, `name` or `stack_size` on `left`, or empty
//! `()`.
//!
//! **When the swap counts are checked at compile time.** `lockstep!`
//! compares the blocks' swap counts only where it can prove them
//! (straight-line code, branches that swap alike, `for` loops over values
//! neither block can change, taken to turn at least once), and counts that
//! differ there are one error on the `left` keyword. Every
//! other count (`while` and `loop`, `#[cfg]` code, unknown macros, blocks
//! that use `try_swap!` or name their side) is checked at run time: the
//! block left waiting at a `swap!` panics with both swap counts and the
//! location of its `swap!`. The macro crate states the rule in full, in
//! [the swap-count check](https://docs.rs/rendezvous-lockstep-macros/latest/rendezvous_lockstep_macros/#the-swap-count-check).
//!
//! # Features
//!
//! - `std` (default): [`Waiting::Park`], timeouts, the panicked flag.
//!   Implies `alloc`.
//! - `alloc`: the owned handles [`Rendezvous`] and [`RendezvousData`],
//!   sharing their state through an `Arc` (which needs compare-and-swap).
//! - `macros` (default): the `lockstep!` macro. Implies `std`.
//!
//! Built without some of them, these docs link the items that need them to
//! their page on docs.rs, which documents every feature.
//!
#![cfg_attr(not(feature = "std"), doc = concat!(
    "[`Waiting::Park`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/enum.Waiting.html#variant.Park",
    "\n[`TimeoutError`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/enum.TimeoutError.html",
    "\n[`lockstep::run`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/lockstep/fn.run.html",
))]
#![cfg_attr(not(feature = "alloc"), doc = concat!(
    "[`Rendezvous`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.Rendezvous.html",
    "\n[`RendezvousData`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.RendezvousData.html",
    "\n[`Rendezvous::wait`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.Rendezvous.html#method.wait",
    "\n[`RendezvousData::swap`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.RendezvousData.html#method.swap",
    "\n[`Rendezvous::new`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.Rendezvous.html#method.new",
    "\n[`RendezvousData::new`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/struct.RendezvousData.html#method.new",
))]
#![cfg_attr(not(feature = "macros"), doc = concat!(
    "[`lockstep!`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/macro.lockstep.html",
    "\n[`swap!`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/macro.swap.html",
    "\n[`try_swap!`]: ", "https://docs.rs/rendezvous-lockstep/latest/rendezvous_lockstep/macro.try_swap.html",
))]
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(
    missing_docs,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

// First, and with `#[macro_use]`: the modules below use its macros by name
// (the handles, and the docs of the states and of `Waiting`).
#[macro_use]
mod handle;

#[cfg(feature = "std")]
mod barrier;
mod data;
mod data_handle;
mod deadline;
mod error;
mod handoff;
#[cfg(feature = "std")]
pub mod lockstep;
#[cfg(feature = "macros")]
mod lockstep_macro;
#[cfg(feature = "macros")]
mod macro_support;
mod primitive;
#[cfg(feature = "std")]
mod private;
mod protocol;
mod rendezvous;
#[cfg(feature = "std")]
mod sleep;
#[cfg(not(feature = "std"))]
#[path = "sleep_none.rs"]
mod sleep;
mod waiting;

pub use crate::data::RendezvousDataState;
#[cfg(feature = "alloc")]
pub use crate::data_handle::RendezvousData;
pub use crate::data_handle::RendezvousDataRef;
pub use crate::error::Disconnected;
#[cfg(feature = "std")]
pub use crate::error::TimeoutError;
pub use crate::handoff::IterTake;
#[cfg(feature = "alloc")]
pub use crate::rendezvous::Rendezvous;
pub use crate::rendezvous::{RendezvousRef, RendezvousState};
pub use crate::waiting::Waiting;

#[cfg(feature = "macros")]
pub use rendezvous_lockstep_macros::{swap, try_swap};

#[cfg(feature = "std")]
#[doc(hidden)]
pub use crate::private::items as __private;
