//! What `lockstep!` expands to when it reports an error: the error, and
//! code that keeps the compiler from piling more errors on top of it.
//!
//! The fallback keeps every block's code, so its names resolve (no
//! "unused import" for what only the blocks use) and its own mistakes are
//! still reported, but inside closures that never run, with each `swap!`
//! (also those hidden in other macros' arguments) replaced by `()`. The
//! value is a `compile_error!` in tail position, an expression of the error
//! type, so `let (a, b) = lockstep! { .. };` causes no second error about
//! the tuple, and the compiler skips the lints and borrow checks of code
//! with an error.

use crate::ast::{BlockDef, Input, is_lockstep, is_swap};
use crate::expand::Rewrite;
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
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

/// `block`'s code in a closure that is never called.
fn keep(input: &Input, block: &BlockDef) -> TokenStream {
    let mut body = block.body.clone();
    Rewrite::fallback().visit_block_mut(&mut body);
    Unswap.visit_block_mut(&mut body);
    if input.rounds.is_some() {
        Unexit.visit_block_mut(&mut body);
    }
    let binding = block.binding.as_ref().map(|binding| {
        let (name, init) = (&binding.name, &binding.init);
        quote_spanned!(name.span()=> let #name = &mut (#init);)
    });
    // The user's braces delimit the closure body, as in the expansion, so
    // no extra braces trip `unused_braces` (an early lint, which runs in
    // spite of the error).
    let mut code = TokenStream::new();
    body.brace_token.surround(&mut code, |code| {
        code.extend(binding);
        match &input.rounds {
            Some(rounds) => {
                let (for_token, pat, in_token, expr) = (
                    &rounds.for_token,
                    &rounds.pat,
                    &rounds.in_token,
                    &rounds.expr,
                );
                code.extend(quote!(#for_token #pat #in_token #expr #body));
            }
            None => code.append_all(&body.stmts),
        }
    });
    let unused = Span::mixed_site();
    quote_spanned! {unused=>
        let _ = || #code;
    }
}

/// Replaces `swap!(..)` with `()` in the arguments of other macros, where
/// `check` reported them, so they are not expanded as the standalone
/// `swap!`.
struct Unswap;

impl VisitMut for Unswap {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !is_swap(mac) && !is_lockstep(mac) {
            mac.tokens = unswap(mac.tokens.clone());
        }
    }
}

/// Defuses the early exits that `check` reported in a rounds-form block,
/// which would meet a closure that returns `()`: `return value` becomes
/// `return`, and `expr?` takes the value out of a `Result` or `Option`
/// without returning.
struct Unexit;

impl VisitMut for Unexit {
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

    // Their `return`s and `?`s are their own.
    fn visit_expr_closure_mut(&mut self, _: &mut syn::ExprClosure) {}
    fn visit_expr_async_mut(&mut self, _: &mut syn::ExprAsync) {}
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// `tokens` with each `swap ! (..)` replaced by `()`, except in a nested
/// `lockstep!`.
fn unswap(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let bang = matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        match token {
            TokenTree::Ident(ident) if bang && ident == "swap" => {
                let bang = tokens.next();
                if let Some(TokenTree::Group(args)) = tokens.next() {
                    let mut unit = Group::new(Delimiter::Parenthesis, TokenStream::new());
                    unit.set_span(args.span());
                    out.push(TokenTree::Group(unit));
                } else {
                    out.extend([TokenTree::Ident(ident)].into_iter().chain(bang));
                }
            }
            TokenTree::Ident(ident) if bang && ident == "lockstep" => {
                out.push(TokenTree::Ident(ident));
                out.extend(tokens.next());
                out.extend(tokens.next());
            }
            TokenTree::Group(group) => {
                let mut new = Group::new(group.delimiter(), unswap(group.stream()));
                new.set_span(group.span());
                out.push(TokenTree::Group(new));
            }
            token => out.push(token),
        }
    }
    out.into_iter().collect()
}

/// `swap!` outside `lockstep!`: an error on the whole invocation.
pub fn swap_outside(span: Span) -> TokenStream {
    syn::Error::new(span, "`swap!` can only be used inside a `lockstep!` block").to_compile_error()
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
    fn unswaps_macro_arguments() {
        let tokens = quote!(
            "{}",
            {
                swap!(buf);
                1
            },
            lockstep!(left { swap!(); } right {})
        );
        let expected = quote!(
            "{}",
            {
                ();
                1
            },
            lockstep!(left { swap!(); } right {})
        );
        assert_eq!(unswap(tokens).to_string(), expected.to_string());
    }
}
