//! Procedural macros of the [`rendezvous-lockstep`](https://docs.rs/rendezvous-lockstep)
//! crate: `lockstep!` and its `swap!` and `try_swap!`.
//!
//! Use them through `rendezvous-lockstep`, which re-exports them with its `macros`
//! feature (on by default): `rendezvous_lockstep::lockstep!` passes its own crate
//! path (`$crate`) to the proc macro here, so the expansion finds the
//! runtime even where the dependency is renamed.
//!
//! # Grammar
//!
//! ```text
//! lockstep! {
//!     [ ( PATH ) ]                 // the runtime crate; `rendezvous_lockstep::lockstep!` passes `$crate`,
//!                                  //   a direct call defaults to `::rendezvous_lockstep`
//!     [ < TYPE > ]                 // the buffer type, once; inferred from the initializers if absent
//!     [ for PAT in EXPR ; ]        // rounds form: each block runs once per round
//!     left  [ ( waiting = EXPR ) ] [ | NAME = EXPR | ] [ as SIDE ] { STATEMENTS }
//!     right [ ( OPTION, ... ) ]    [ | NAME = EXPR | ] [ as SIDE ] { STATEMENTS }
//! }
//! OPTION: name = EXPR             // the right thread's name: a string
//!         stack_size = EXPR       // the right thread's stack size in bytes: usize
//!         waiting = EXPR          // a rendezvous_lockstep::Waiting
//! ```
//!
//! The value is `(left_value, right_value)`. `left` runs on the calling
//! thread, `right` on a scoped thread; both may borrow the caller's locals.
//! Either both blocks bind a buffer (the data form) or neither does (the
//! barrier form). A block binds one buffer: several values travel as one
//! buffer of a tuple or struct type. In a block:
//!
//! - data form: `NAME` is a `&mut TYPE` to the block's current buffer,
//!   which starts as the block's `EXPR`. `swap!(NAME)` waits for the
//!   partner's matching `swap!` and rebinds `NAME` to the buffer the partner
//!   held; the old buffer goes to the partner. A borrow of the old buffer
//!   cannot outlive the `swap!`, and the buffer cannot leave its block.
//! - barrier form: `swap!()` is a pure rendezvous.
//! - rounds form: `for PAT in EXPR;` evaluates `EXPR` once, on the calling
//!   thread, and runs each block's code once per item of its own copy of
//!   the value (so `EXPR` must be `IntoIterator + Clone + Send`: a range, a
//!   `Vec`, `&v`, `v.iter()`), with `PAT` bound in both blocks. It swaps once
//!   at the end of every round by itself: `swap!` is an error there, and so
//!   are `break`, `continue`, `return` and `?` that would end one block's
//!   rounds early, and `as SIDE`. The value is `()`, so the invocation can
//!   end a statement without `;`.
//! - `try_swap!(NAME)` (`try_swap!()` in the barrier form) is an expression
//!   of type `bool`: `true` after a swap, with `NAME` rebound to the
//!   partner's old buffer; `false` once the partner block has returned,
//!   with `NAME` rebound to this block's own buffer. A partner's panic still
//!   propagates.
//! - `as SIDE` names the block's side: `SIDE` is the
//!   `&mut rendezvous_lockstep::lockstep::Side<'_, TYPE>` that
//!   `lockstep::run` passes, so helpers (functions, closures, an `io::Read`
//!   adapter) take it and swap with `SIDE.swap()`, `SIDE.try_swap()` or
//!   `SIDE.exchange(..)`. `NAME` borrows the buffer through `SIDE`: after a
//!   helper used the side, read it again with `NAME = SIDE.get_mut();`.
//! - Options go to `lockstep::Builder`: `name` and `stack_size` of the
//!   `right` block's thread (the `left` block runs on the calling thread),
//!   and each block's `waiting`.
//!
//! `swap!` is an expression of type `()`, recognized by name (any path that
//! ends in `swap`; `try_swap!` likewise): neither needs an import inside
//! `lockstep!`. They go only in the blocks' own code: not in an
//! initializer, the rounds header, a closure, an async or const block, a
//! nested item, or another macro's arguments. `swap!(NAME)` must mean the
//! block's buffer: where a `let`, a pattern or a closure parameter rebinds
//! `NAME`, it is an error, and so is a rebound `SIDE`. The blocks
//! of a `lockstep!` nested in a block meet only each other: a `swap!` of an
//! outer block's buffer there is an error that shows how to chain the two
//! pairs (the outer `lockstep!` marks the inner one with
//! `@outer(NAME, ..)`, the buffers around it).
//!
//! # The swap-count check
//!
#![doc = include_str!("count.md")]
//!
//! # Example
//!
//! ```
//! use rendezvous_lockstep::lockstep;
//!
//! let (sent, received) = lockstep! {
//!     <Vec<u32>>
//!     left |buf = Vec::new()| {
//!         for i in 0..3 {
//!             buf.clear();
//!             buf.push(i);
//!             swap!(buf); // hands over [i], takes the partner's old buffer
//!         }
//!         3
//!     }
//!     right |buf = Vec::new()| {
//!         let mut received = Vec::new();
//!         for _ in 0..3 {
//!             swap!(buf);
//!             received.extend_from_slice(buf);
//!         }
//!         received
//!     }
//! };
//! assert_eq!((sent, received), (3, vec![0, 1, 2]));
//! ```
//!
//! # Expansion
//!
//! `lockstep!` is thin sugar over `rendezvous_lockstep::lockstep::run`: it
//! calls that function through a hidden twin whose bounds carry messages
//! about the blocks, and `Side::get_mut` and `Side::swap`. The example above
//! becomes:
//!
//! ```text
//! ::rendezvous_lockstep::__private::lockstep_blocks::<Vec<u32>, _, _, _, _>(
//!     Vec::new(),
//!     Vec::new(),
//!     |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32>>| {
//!         let mut buf = left.get_mut();
//!         let _ = &buf;
//!         for i in 0..3 {
//!             buf.clear();
//!             buf.push(i);
//!             { buf = left.swap(); let _ = &buf; };
//!         }
//!         3
//!     },
//!     |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32>>| { /* likewise */ },
//! )
//! ```
//!
//! The side is named after its block and is hygienic, so user code can
//! neither name nor shadow it; a side named `as SIDE` is the user's `SIDE`
//! instead. A borrow of the buffer kept across a `swap!` is therefore
//! rustc's `error[E0499]: cannot borrow value as mutable more than once at
//! a time`, which names no side ("value") but marks the first borrow on the
//! binding's name and the second on the `swap!`; with a named side, the
//! same mistake around a helper call says `cannot borrow `*SIDE``. A block
//! that names only its side and binds no buffer starts on
//! `default_buffer()`, the buffer type's `Default`. Each
//! `swap()` carries the span of its `swap!`, so a swap-count panic names
//! the user's line. `try_swap!(buf)` becomes
//! `{ let swapped = left.try_swap().is_ok(); buf = left.get_mut(); swapped }`.
//! With options, the call is `lockstep_blocks_with(options().name(..)..,
//! ..)`, which runs a `lockstep::Builder`. `tests/expand/` holds the
//! expansion of each form, checked by a test.
//!
//! The crate is a pipeline, a module per phase: `ast` parses; `walk`
//! decides what a swap point is and where a foreign region (closure, async
//! or const block, item, another macro's arguments) begins, for every
//! phase; `valid` reports misuse; `count` applies the swap-count rule
//! above, only when nothing is misused; `expand` writes the call, and
//! `fallback` what comes with an error, so that one mistake gives one
//! error. `print` writes code into messages.
//!
//! # Errors
//!
//! Misuse is a compile error on the offending token: a misplaced `swap!`
//! or `try_swap!` (see above); a missing, repeated, third or unknown block;
//! a `swap!(name)` that names no binding of its block, or a rebound one; a
//! rebound side name, a side named like the buffer, `as` in the rounds
//! form; an unknown or repeated option, `name` or `stack_size` on `left`,
//! empty `()`; two bindings in a block, a type in a binding, a second
//! `<T>`; a block that returns its buffer or hands it to `thread::spawn`;
//! blocks whose swap counts provably differ (see the swap-count check
//! above). Bounds that the user's code breaks (a buffer
//! type or a `right` block's value that is not `Send`, a rounds header that
//! cannot be cloned for the `right` block, a thread name that is not a
//! string) are reported on the user's token, in words about the blocks.

mod ast;
mod count;
mod expand;
mod fallback;
mod print;
mod valid;
mod walk;

#[cfg(test)]
mod snapshots;

use proc_macro::TokenStream;

/// Runs two blocks on two threads in lockstep; see the [crate] docs for
/// the grammar. Use it as `rendezvous_lockstep::lockstep!`.
#[proc_macro]
pub fn lockstep(input: TokenStream) -> TokenStream {
    expand::lockstep(input.into()).into()
}

/// A swap point of a `lockstep!` block. `lockstep!` replaces each `swap!`
/// in its blocks; anywhere else, `swap!` is a compile error.
#[proc_macro]
pub fn swap(_input: TokenStream) -> TokenStream {
    valid::swap_outside(walk::SwapKind::Swap)
        .to_compile_error()
        .into()
}

/// A swap point of a `lockstep!` block that ends quietly: `true` after a
/// swap, `false` once the partner block has returned. `lockstep!` replaces
/// each `try_swap!` in its blocks; anywhere else, `try_swap!` is a compile
/// error.
#[proc_macro]
pub fn try_swap(_input: TokenStream) -> TokenStream {
    valid::swap_outside(walk::SwapKind::TrySwap)
        .to_compile_error()
        .into()
}
