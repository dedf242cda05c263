//! What `lockstep!` expands to when it reports an error: the error, and
//! code that keeps the compiler from piling more errors on top of it.
//!
//! The fallback keeps every block's code and options, so their names
//! resolve (no "unused import" for what only the blocks use) and its own mistakes are
//! still reported, but inside closures that never run, with each swap point
//! that [`walk`] finds (also those hidden in other macros' arguments, in an
//! initializer or in the rounds header) replaced by `()`. The value is a
//! `compile_error!` in tail position, an expression of the error type, so
//! `let (a, b) = lockstep! { .. };` causes no second error about the tuple,
//! and the compiler skips the lints and borrow checks of code with an
//! error.

use crate::ast::{BlockDef, Input};
use crate::walk::{self, SwapKind, SwapPoint};
use proc_macro2::{Span, TokenStream};
use quote::{TokenStreamExt, quote, quote_spanned};
use syn::visit_mut::VisitMut;

/// The errors, with each block's code kept in a closure that never runs.
pub fn expand(input: &Input, error: &syn::Error) -> TokenStream {
    let blocks = input.blocks.iter().map(|block| keep(input, block));
    let errors = error.to_compile_error();
    quote! {
        {
            #(#blocks)*
            #errors
        }
    }
}

/// Only the errors: the invocation did not parse.
pub fn errors_only(error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote!({ #errors })
}

/// What a swap point becomes in the fallback: a value of its type, `()`
/// for `swap!` and `false` for `try_swap!`, so that the code around it
/// still type-checks.
fn stand_in(point: &SwapPoint) -> TokenStream {
    match point.kind {
        SwapKind::Swap => quote_spanned!(point.span=> ()),
        SwapKind::TrySwap => quote_spanned!(point.span=> false),
    }
}

/// `block`'s code in a closure that is never called.
fn keep(input: &Input, block: &BlockDef) -> TokenStream {
    let mut body = block.body.clone();
    walk::mark_nested(&mut body, &input.outer_buffers(block));
    walk::replace_swaps(&mut body, &mut stand_in);
    if input.rounds.is_some() {
        Unexit.visit_block_mut(&mut body);
    }
    let binding = block.binding.as_ref().map(|binding| {
        let (name, mut init) = (&binding.name, binding.init.clone());
        walk::replace_swaps_in_expr(&mut init, &mut stand_in);
        quote_spanned!(name.span()=> let #name = &mut (#init);)
    });
    // The user's braces delimit the closure body, as in the expansion, so
    // no extra braces trip `unused_braces` (an early lint, which runs in
    // spite of the error).
    let mut code = TokenStream::new();
    // The options' values too, so that what only they use is used.
    let options = block.options.iter().flat_map(|options| &options.list);
    let options = options.map(|option| {
        let mut value = option.value.clone();
        walk::replace_swaps_in_expr(&mut value, &mut stand_in);
        quote_spanned!(option.name.span()=> let _ = #value;)
    });
    body.brace_token.surround(&mut code, |code| {
        code.extend(options);
        code.extend(binding);
        match &input.rounds {
            Some(rounds) => {
                let (for_token, pat, in_token) = (&rounds.for_token, &rounds.pat, &rounds.in_token);
                let mut expr = rounds.expr.clone();
                walk::replace_swaps_in_expr(&mut expr, &mut stand_in);
                code.extend(quote!(#for_token #pat #in_token #expr #body));
            }
            None => code.append_all(&body.stmts),
        }
    });
    // A named side is the closure's parameter, as in the expansion, so
    // the block's uses of it resolve.
    let side = block.side.as_ref().map(|side| {
        let (krate, name) = (&input.krate, &side.name);
        let ty = input.buffer_type();
        quote!(#name: &mut #krate::lockstep::Side<'_, #ty>)
    });
    let unused = Span::mixed_site();
    quote_spanned! {unused=>
        let _ = |#side| #code;
    }
}

/// Defuses the early exits that `valid` reported in a rounds-form block,
/// which would meet a closure that returns `()`: `return value` becomes
/// `return`, and `expr?` takes the value out of a `Result` or `Option`
/// without returning.
struct Unexit;

impl VisitMut for Unexit {
    // The `return`s and `?`s of foreign regions are their own.
    walk::own_code_only!(VisitMut);

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        match expr {
            syn::Expr::Return(ret) => ret.expr = None,
            syn::Expr::Try(tried) => {
                let (inner, span) = (&tried.expr, tried.question_token.span);
                *expr = syn::Expr::Verbatim(quote_spanned! {span=>
                    ::core::iter::IntoIterator::into_iter(#inner).next().unwrap()
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_early_exits_in_rounds() {
        let mut block: syn::Block = syn::parse_quote!({
            let v = r?;
            if v {
                return 5;
            }
            let f = || g()?;
        });
        Unexit.visit_block_mut(&mut block);
        let expected: syn::Block = syn::parse_quote!({
            let v = ::core::iter::IntoIterator::into_iter(r).next().unwrap();
            if v {
                return;
            }
            let f = || g()?;
        });
        assert_eq!(quote!(#block).to_string(), quote!(#expected).to_string());
    }

    #[test]
    fn unswaps_everywhere_but_nested_lockstep() {
        let mut block: syn::Block = syn::parse_quote!({
            swap!(buf);
            println!("{:?}", {
                swap!(buf);
                1
            });
            lockstep!(left { swap!(); } right {});
        });
        walk::replace_swaps(&mut block, &mut stand_in);
        let expected: syn::Block = syn::parse_quote!({
            ();
            println!("{:?}", {
                (());
                1
            });
            lockstep!(left { swap!(); } right {});
        });
        assert_eq!(quote!(#block).to_string(), quote!(#expected).to_string());
    }
}
