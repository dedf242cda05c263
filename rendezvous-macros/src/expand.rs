//! Expand phase: a valid invocation to a call of the runtime's scoped
//! runner, through `rendezvous_lockstep::__private::lockstep_blocks`, a twin
//! of `lockstep::run` whose bounds carry messages about the blocks.
//!
//! The expansion calls only `lockstep_blocks` (which calls `lockstep::run`),
//! or `lockstep_blocks_with` and `options` when a block has options (a
//! `lockstep::Builder`), `rounds_for_right` in the rounds form,
//! `Side::get_mut`, `Side::swap` and `Side::try_swap`. Blocks whose swap
//! counts provably differ also get, in a block of their own (so that their
//! names hide none of the user's), a trait, an impl and a fn that report
//! the [`Mismatch`] as a denied lint (see `swap_counts_lint`).
//! For the data form
//!
//! ```text
//! lockstep! {
//!     <T>
//!     left |buf = INIT_L| { ..A.. swap!(buf); ..B.. }
//!     right |buf = INIT_R| { ..C.. }
//! }
//! ```
//!
//! it writes
//!
//! ```text
//! ::rendezvous_lockstep::__private::lockstep_blocks::<T, _, _, _, _>(
//!     INIT_L,
//!     INIT_R,
//!     |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, T>| {
//!         let mut buf = left.get_mut();
//!         let _ = &buf;
//!         ..A.. { buf = left.swap(); let _ = &buf; } ..B..
//!     },
//!     |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, T>| {
//!         let buf = right.get_mut();
//!         ..C..
//!     },
//! )
//! ```
//!
//! - Each type argument of the call stands at the user's code it is about:
//!   `T` is the user's `<T>` (or a `_` spanned at the left initializer),
//!   the right block's closure type a `_` at the `right` keyword, its value
//!   type a `_` at the block's tail expression. A bound the user's code
//!   breaks is reported there.
//! - The side is named after its block (`left`, `right`), hygienic
//!   (`Span::mixed_site()`), so user code can neither name nor shadow it,
//!   and annotated, so that a borrow error points at the `&` of `&mut` (at
//!   the block's keyword) instead of printing the side's type. A side the
//!   user names (`as SIDE`) is the user's `SIDE` token instead, and the
//!   buffer is then always `mut`, so `NAME = SIDE.get_mut();` can rebind it.
//! - `try_swap!(buf)` becomes `{ let swapped = left.try_swap().is_ok();
//!   buf = left.get_mut(); let _ = &buf; swapped }`: whether the partner
//!   was there, with `buf` the buffer this block holds either way;
//!   `try_swap!()` becomes `left.try_swap().is_ok()`.
//! - `buf` is the user's own token, so the user's code sees it. It is `mut`
//!   only where a `swap!` rebinds it. `let _ = &buf;` reads it after each
//!   rebinding, so a buffer that is swapped away unread (a last `swap!` that
//!   only hands the buffer over) is no `unused_assignments` warning.
//! - Each swap point replaces a `swap!` that [`walk`] found,
//!   keeps its attributes (a `#[cfg]` stays on it), and carries the span of
//!   the user's `swap!`, so the `#[track_caller]` location in a swap-count
//!   panic is that `swap!`.
//! - The user's braces delimit the closure body, and the binding goes in
//!   before the user's statements, so no extra braces trip `unused_braces`.
//! - The rounds form evaluates the header once, `let left_rounds = EXPR;`,
//!   and clones it for the right block, `rounds_for_right(&left_rounds)`;
//!   each block body goes in `for ROUND in ITS_ROUNDS { let PAT = ROUND;
//!   { BODY } SWAP }`, with the swap spanned at the `for` of the header;
//!   `#[allow(unused_variables)]` on the `let` lets one block ignore the
//!   pattern. The whole becomes `{ ..; let ((), ()) = lockstep_blocks(..); }`,
//!   so the rounds form is worth `()` and can end a statement without `;`.

use crate::ast::{BlockDef, Input, Which};
use crate::count::{self, Mismatch};
use crate::fallback;
use crate::valid::{self, Plan};
use crate::walk::{self, SwapKind};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, TokenStreamExt, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Stmt};

/// `lockstep!`: parse, validate, count, expand; or the errors and a
/// fallback. The swap counts are compared only once nothing is misused, so
/// that one mistake gives one error.
pub fn lockstep(tokens: TokenStream) -> TokenStream {
    let input = match Input::parse_tokens(tokens) {
        Ok(input) => input,
        Err(error) => return fallback::errors_only(&error),
    };
    match valid::validate(&input) {
        Ok(plan) => {
            let mismatch = count::mismatch(&input, &plan);
            expand(&input, &plan, mismatch.as_ref())
        }
        Err(error) => fallback::expand(&input, &error),
    }
}

/// The expansion of a valid invocation, with the lint that reports its
/// blocks' swap-count `mismatch`, if any.
fn expand(input: &Input, plan: &Plan<'_>, mismatch: Option<&Mismatch>) -> TokenStream {
    let krate = &input.krate;
    let (left_init, right_init) = (initial(input, plan.left), initial(input, plan.right));
    let left = closure(input, plan.left, Which::Left);
    let right = closure(input, plan.right, Which::Right);
    // Each inferred type argument of the runner is spanned at the user's
    // code it stands for, so that a bound it breaks points there: `T` at
    // `<T>` or the first initializer a block binds, `R` at the `right`
    // keyword, `B` at the right block's value.
    let buffer = match (
        &input.ty,
        plan.left.binding.as_ref().or(plan.right.binding.as_ref()),
    ) {
        (Some(ty), _) => ty.ty.to_token_stream(),
        (None, Some(binding)) => quote_spanned!(binding.init.span()=> _),
        (None, None) => quote!(()),
    };
    let right_block = quote_spanned!(plan.right.keyword.span()=> _);
    let right_value = quote_spanned!(value_span(plan.right)=> _);
    let call = match options(input, plan) {
        None => {
            let runner = respan(
                quote!(#krate::__private::lockstep_blocks),
                plan.left.keyword.span(),
            );
            quote! {
                #runner::<#buffer, _, #right_block, _, #right_value>(
                    #left_init, #right_init, #left, #right
                )
            }
        }
        Some(options) => {
            let runner = respan(
                quote!(#krate::__private::lockstep_blocks_with),
                plan.left.keyword.span(),
            );
            quote! {
                #runner::<#buffer, _, #right_block, _, #right_value>(
                    #options, #left_init, #right_init, #left, #right
                )
            }
        }
    };
    match &input.rounds {
        // Rounds-form blocks are loops, worth `()` each; the macro is then
        // worth `()` too, so that it can end a statement without `;`. The
        // header is evaluated once, here, and cloned for the right block.
        Some(rounds) => {
            let expr = &rounds.expr;
            let (left_rounds, right_rounds) = rounds_names();
            let header = quote_spanned!(expr.span()=> _);
            let copy = respan(quote!(#krate::__private::rounds_for_right), expr.span());
            let copy = quote!(#copy::<#header>(&#left_rounds));
            quote! {
                {
                    let #left_rounds = #expr;
                    let #right_rounds = #copy;
                    let ((), ()) = #call;
                }
            }
        }
        None => match mismatch {
            Some(mismatch) => {
                // A block of its own, so that the lint's items hide no name
                // the blocks use.
                let lint = swap_counts_lint(mismatch, plan.left.keyword.span());
                quote!({ { #lint } #call })
            }
            None => call,
        },
    }
}

/// The swap-count error, as an `unused_must_use` lint denied at `span`.
///
/// rustc checks lints only once every other error is reported, and leaves
/// them out if there was one. So a `swap!` the blocks cannot see (in a
/// helper `fn` or a user's macro) reports only its own error, not also the
/// counts it upsets. The lint's note is the message; `impl Trait` keeps
/// rustc from suggesting `let _ = ..`, which would hide the mistake.
fn swap_counts_lint(mismatch: &Mismatch, span: Span) -> TokenStream {
    let message = syn::LitStr::new(&mismatch.to_string(), span);
    let call = quote_spanned!(span=> swap_counts());
    let level = quote_spanned!(span=> deny(unused_must_use));
    quote! {
        #[must_use = #message]
        trait LeftAndRightMustSwapEquallyOften {}
        impl LeftAndRightMustSwapEquallyOften for () {}
        fn swap_counts() -> impl LeftAndRightMustSwapEquallyOften {}
        #[#level]
        {
            #call;
        }
    }
}

/// The blocks' options as a chain of `Options` methods, if any block has
/// options: `name` and `stack_size` of the right block's thread, and each
/// block's `waiting`. Each method is spanned at the option's name, and
/// each value is the user's expression.
fn options(input: &Input, plan: &Plan<'_>) -> Option<TokenStream> {
    if plan.left.options.is_none() && plan.right.options.is_none() {
        return None;
    }
    let krate = &input.krate;
    let start = respan(quote!(#krate::__private::options), plan.left.keyword.span());
    let mut chain = quote!(#start());
    for (block, which) in [(plan.left, Which::Left), (plan.right, Which::Right)] {
        let Some(options) = &block.options else {
            continue;
        };
        for option in &options.list {
            let method = match (option.name.to_string().as_str(), which) {
                ("waiting", Which::Left) => "left_waiting",
                ("waiting", Which::Right) => "right_waiting",
                ("name", _) => "name",
                _ => "stack_size",
            };
            let method = Ident::new(method, option.name.span());
            let value = &option.value;
            chain.extend(quote!(.#method(#value)));
        }
    }
    Some(chain)
}

/// Where the right block's value is: its tail expression, else its
/// keyword.
fn value_span(block: &BlockDef) -> Span {
    match block.body.stmts.last() {
        Some(Stmt::Expr(expr, None)) => expr.span(),
        _ => block.keyword.span(),
    }
}

/// `tokens` (a path) located at `span`, with their hygiene kept: the
/// runtime crate's path comes from the `lockstep!` wrapper, and would
/// otherwise stretch the spans of the call over the whole invocation.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            token.set_span(token.span().located_at(span));
            token
        })
        .collect()
}

/// The hygienic names of the rounds header's value on each side.
fn rounds_names() -> (Ident, Ident) {
    (
        Ident::new("left_rounds", Span::mixed_site()),
        Ident::new("right_rounds", Span::mixed_site()),
    )
}

/// The buffer `block` starts with: its binding's initializer; in the data
/// form, for a block that names only its side, the buffer type's default
/// (spanned at its keyword, where a type without one is reported); in the
/// barrier form, `()`.
fn initial(input: &Input, block: &BlockDef) -> TokenStream {
    match &block.binding {
        Some(binding) => binding.init.to_token_stream(),
        None if input.swaps_data() => {
            let krate = &input.krate;
            let default = respan(
                quote!(#krate::__private::default_buffer),
                block.keyword.span(),
            );
            quote_spanned!(block.keyword.span()=> #default())
        }
        None => quote!(()),
    }
}

/// The closure that runs `block`, the `which` block, with its side.
fn closure(input: &Input, block: &BlockDef, which: Which) -> TokenStream {
    let span = block.keyword.span();
    let krate = &input.krate;
    // A side the user names (`as SIDE`) is the user's own token. Otherwise
    // the side is named after the block, hygienic, so that a buffer borrow
    // kept across a `swap!` is reported as a borrow of `left` or `right`.
    let named = block.side.as_ref().map(|side| &side.name);
    let (holder, span) = match named {
        Some(side) => (side.clone(), side.span()),
        None => (
            Ident::new(
                &block.keyword.to_string(),
                Span::mixed_site().located_at(span),
            ),
            span,
        ),
    };
    let name = block.binding.as_ref().map(|binding| &binding.name);
    let mut body = block.body.clone();
    walk::mark_nested(&mut body, &input.outer_buffers(block));
    let mut swaps = 0;
    walk::replace_swaps(&mut body, &mut |point| {
        swaps += 1;
        let arg = point.name().filter(|_| name.is_some());
        swap_point(&holder, point.kind, arg, point.span)
    });
    let swapped = swaps > 0 || input.rounds.is_some();
    // The side is annotated, so that a borrow error can point at the `&` of
    // `&mut` (spanned at the block's keyword, or the user's name of the
    // side) instead of naming its type.
    let param = if name.is_some() || swapped || named.is_some() {
        let ty = input.buffer_type();
        let side = respan(quote!(#krate::lockstep::Side), span);
        quote_spanned!(span=> #holder: &mut #side<'_, #ty>)
    } else {
        quote_spanned!(span=> _)
    };
    // With a named side, the user may rebind the buffer name
    // (`NAME = SIDE.get_mut();`) after a helper used the side.
    let rebound = swapped || named.is_some();
    let binding = name.map(|name| {
        let allow = (named.is_some() && !swapped).then(|| quote!(#[allow(unused_mut)]));
        let mutability = rebound.then(|| quote!(mut));
        let touch = rebound.then(|| quote_spanned!(name.span()=> let _ = &#name;));
        let holder = Ident::new(&holder.to_string(), holder.span().located_at(name.span()));
        quote_spanned!(name.span()=> #allow let #mutability #name = #holder.get_mut(); #touch)
    });
    // The closure's body is the user's block, with the binding spliced in
    // before its statements: no extra braces for `unused_braces` to flag.
    let mut code = TokenStream::new();
    body.brace_token.surround(&mut code, |code| {
        code.extend(binding);
        match &input.rounds {
            Some(rounds) => {
                let round = Ident::new("round", Span::mixed_site());
                let (left_rounds, right_rounds) = rounds_names();
                let iterated = match which {
                    Which::Left => left_rounds,
                    Which::Right => right_rounds,
                };
                let (for_token, pat, in_token) = (&rounds.for_token, &rounds.pat, &rounds.in_token);
                let swap = swap_point(&holder, SwapKind::Swap, name, for_token.span);
                code.extend(quote! {
                    #for_token #round #in_token #iterated {
                        #[allow(unused_variables)]
                        let #pat = #round;
                        #body
                        #swap
                    }
                });
            }
            None => code.append_all(&body.stmts),
        }
    });
    quote_spanned!(span=> |#param| #code)
}

/// A swap point at `span`: `name` rebound to the partner's buffer, or a
/// pure rendezvous. Spanned at the user's `swap!` (or rounds header), for
/// `#[track_caller]`.
///
/// `try_swap!` is worth whether it swapped; `name` is then rebound to the
/// buffer this block holds, the partner's old one or, once the partner
/// has returned, its own.
fn swap_point(holder: &Ident, kind: SwapKind, name: Option<&Ident>, span: Span) -> TokenStream {
    let holder = Ident::new(&holder.to_string(), holder.span().located_at(span));
    let swapped = Ident::new("swapped", Span::mixed_site().located_at(span));
    match (kind, name) {
        (SwapKind::Swap, Some(name)) => {
            quote_spanned!(span=> { #name = #holder.swap(); let _ = &#name; })
        }
        (SwapKind::Swap, None) => quote_spanned!(span=> { #holder.swap(); }),
        (SwapKind::TrySwap, Some(name)) => quote_spanned! {span=>
            {
                let #swapped = #holder.try_swap().is_ok();
                #name = #holder.get_mut();
                let _ = &#name;
                #swapped
            }
        },
        (SwapKind::TrySwap, None) => quote_spanned!(span=> #holder.try_swap().is_ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_with_a_fallback() {
        let runner = "__private :: lockstep_blocks";
        let valid = lockstep(quote!(left |b = 1| { swap!(b); } right |b = 2| { swap!(b); }));
        assert!(valid.to_string().contains(runner), "{valid}");
        // The fallback runs no block, and a misplaced `swap!` is the one
        // error: its block's counts are not compared besides.
        let misplaced = quote!(left |b = 1| { let f = || swap!(b); } right |b = 2| { swap!(b); });
        let out = lockstep(misplaced).to_string();
        assert!(out.contains("compile_error"), "{out}");
        assert!(!out.contains(runner), "{out}");
        assert!(!out.contains("LeftAndRightMustSwapEquallyOften"), "{out}");
    }
}
