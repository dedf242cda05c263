//! Procedural macros of the [`rendezvous-lockstep`](https://docs.rs/rendezvous-lockstep)
//! crate: `lockstep!` and its `swap!`.
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
//!     [ < TYPE > ]                 // the buffer type; inferred from the initializers if absent
//!     [ for PAT in EXPR ; ]        // rounds form: each block runs once per round
//!     left  [ | NAME = EXPR | ] { STATEMENTS }
//!     right [ | NAME = EXPR | ] { STATEMENTS }
//! }
//! ```
//!
//! The value is `(left_value, right_value)`. `left` runs on the calling
//! thread, `right` on a scoped thread; both may borrow the caller's locals.
//! Either both blocks bind a buffer (the data form) or neither does (the
//! barrier form). In a block:
//!
//! - data form: `NAME` is a `&mut TYPE` to the block's current buffer,
//!   which starts as the block's `EXPR`. `swap!(NAME)` waits for the
//!   partner's matching `swap!` and rebinds `NAME` to the buffer the partner
//!   held; the old buffer goes to the partner. A borrow of the old buffer
//!   cannot outlive the `swap!`.
//! - barrier form: `swap!()` is a pure rendezvous.
//! - rounds form: `for PAT in EXPR;` runs each block's code once per item,
//!   with `PAT` bound in both blocks, and swaps once at the end of every
//!   round by itself: `swap!` is an error there, and so are `break`,
//!   `continue`, `return` and `?` that would end one block's rounds early.
//!   Each side evaluates `EXPR` on its own thread. The value is `()`, so
//!   the invocation can end a statement without `;`.
//!
//! `swap!` is an expression of type `()`, recognized by name (any path that
//! ends in `swap`): it needs no import inside `lockstep!`.
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
//! `lockstep!` is thin sugar over `rendezvous_lockstep::lockstep::run`, and calls
//! only the runtime's public API. The example above becomes, in essence:
//!
//! ```text
//! ::rendezvous_lockstep::lockstep::run::<Vec<u32>, _, _, _, _>(
//!     Vec::new(),
//!     Vec::new(),
//!     |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32>>| {
//!         let mut buf = side.get_mut();
//!         let _ = &buf;
//!         for i in 0..3 {
//!             buf.clear();
//!             buf.push(i);
//!             { buf = side.swap(); let _ = &buf; }
//!         }
//!         3
//!     },
//!     |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32>>| { /* likewise */ },
//! )
//! ```
//!
//! `side` is hygienic, so user code can neither name nor shadow it; each
//! `side.swap()` carries the span of its `swap!`, so a swap-count panic
//! names the user's line. The crate is a pipeline, a module per phase:
//! `ast` parses, `check` reports misuse (with `count` for swap counts),
//! `expand` writes the call, and `fallback` writes what comes with an
//! error, so that one mistake gives one error.
//!
//! # Errors
//!
//! Misuse is a compile error on the offending token: `swap!` outside
//! `lockstep!`, or inside a closure, async block, nested item or another
//! macro's arguments; a missing, repeated, third or unknown block; a
//! `swap!(name)` that names no binding of its block; and blocks whose swap
//! counts differ where both are statically known (straight-line code, and
//! loops whose headers are token-identical in both blocks). Where the counts
//! depend on run-time values, the runtime catches the mismatch: the block
//! left waiting panics with both swap counts and the location of its
//! `swap!`.

mod ast;
mod check;
mod count;
mod expand;
mod fallback;
mod walk;

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
    fallback::swap_outside(proc_macro2::Span::call_site()).into()
}
