//! Expand phase: a checked invocation to a call of the runtime's scoped
//! runner, `rendezvous_lockstep::lockstep::run`.
//!
//! The expansion calls only the runtime's public API: `lockstep::run`,
//! `Side::get_mut` and `Side::swap` (and names the type `Side` when a buffer
//! type is given). For the data form
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
//! ::rendezvous_lockstep::lockstep::run::<T, _, _, _, _>(
//!     INIT_L,
//!     INIT_R,
//!     |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, T>| {
//!         let mut buf = side.get_mut();
//!         let _ = &buf;
//!         ..A.. { buf = side.swap(); let _ = &buf; } ..B..
//!     },
//!     |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, T>| {
//!         let buf = side.get_mut();
//!         ..C..
//!     },
//! )
//! ```
//!
//! - The turbofish names `T` so that an unmet `T: Send` points at the
//!   user's `<T>`. Without `<T>`, the call goes through a local
//!   `use ... as __lockstep_run` whose name is spanned at the left
//!   initializer, for the same reason.
//! - `side` is hygienic (`Span::mixed_site()`): user code cannot name it,
//!   and it shadows nothing of the user's.
//! - `buf` is the user's own token, so the user's code sees it. It is `mut`
//!   only where a `swap!` rebinds it. `let _ = &buf;` reads it after each
//!   rebinding, so a buffer that is swapped away unread (a last `swap!` that
//!   only hands the buffer over) is no `unused_assignments` warning.
//! - Each `side.swap()` carries the span of the user's `swap!`, so the
//!   `#[track_caller]` location in a swap-count panic is that `swap!`.
//! - The user's braces delimit the closure body, and the binding goes in
//!   before the user's statements, so no extra braces trip `unused_braces`.
//! - The rounds form puts each block body in `for ROUND in EXPR { let PAT =
//!   ROUND; { BODY } SWAP }`, with the swap spanned at the `for` of the
//!   header; `#[allow(unused_variables)]` on the `let` lets one block ignore
//!   the pattern. The whole call becomes `{ let ((), ()) = run(..); }`, so
//!   the rounds form is worth `()` and can end a statement without `;`.

use crate::ast::{BlockDef, Input, SwapArg, is_lockstep, is_swap};
use crate::check::{self, Plan};
use crate::fallback;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, TokenStreamExt, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Ident, Stmt};

/// `lockstep!`: parse, check, expand; or the errors and a fallback.
pub fn lockstep(tokens: TokenStream) -> TokenStream {
    let input = match Input::parse_tokens(tokens) {
        Ok(input) => input,
        Err(error) => return fallback::errors_only(&error),
    };
    match check::check(&input) {
        Ok(plan) => expand(&input, &plan),
        Err(error) => fallback::expand(&input, &error),
    }
}

/// The expansion of a checked invocation.
fn expand(input: &Input, plan: &Plan<'_>) -> TokenStream {
    let krate = &input.krate;
    let (left_init, right_init) = match (&plan.left.binding, &plan.right.binding) {
        (Some(left), Some(right)) => (left.init.to_token_stream(), right.init.to_token_stream()),
        _ => (quote!(()), quote!(())),
    };
    let left = closure(input, plan.left);
    let right = closure(input, plan.right);
    // An unmet `T: Send` should point at the user's type: at `<T>` if given,
    // through the turbofish; else at the left initializer, where the
    // callee's name is spanned (both arguments have type `T`, so the
    // compiler would otherwise blame the whole invocation).
    let call = match (&input.ty, &plan.left.binding) {
        (Some(ty), _) => {
            let ty = &ty.ty;
            quote! {
                #krate::lockstep::run::<#ty, _, _, _, _>(#left_init, #right_init, #left, #right)
            }
        }
        (None, Some(binding)) => {
            let span = binding.init.span();
            let run = Ident::new("__lockstep_run", span);
            quote! {
                {
                    use #krate::lockstep::run as #run;
                    #run(#left_init, #right_init, #left, #right)
                }
            }
        }
        (None, None) => quote! {
            #krate::lockstep::run(#left_init, #right_init, #left, #right)
        },
    };
    // Rounds-form blocks are loops, worth `()` each; the macro is then worth
    // `()` too, so that it can end a statement without `;`.
    match &input.rounds {
        Some(_) => quote!({ let ((), ()) = #call; }),
        None => call,
    }
}

/// The closure that runs `block` with its `Side`.
fn closure(input: &Input, block: &BlockDef) -> TokenStream {
    let span = block.keyword.span();
    let mut body = block.body.clone();
    let mut rewrite = Rewrite {
        swaps: 0,
        fallback: false,
    };
    rewrite.visit_block_mut(&mut body);
    let name = block.binding.as_ref().map(|binding| &binding.name);
    let swapped = rewrite.swaps > 0 || input.rounds.is_some();
    let binding = name.map(|name| {
        let side = side(name.span());
        let mutability = swapped.then(|| quote!(mut));
        let touch = swapped.then(|| quote_spanned!(name.span()=> let _ = &#name;));
        quote_spanned!(name.span()=> let #mutability #name = #side.get_mut(); #touch)
    });
    let param = if name.is_some() || swapped {
        let side = side(span);
        let annotation = input.ty.as_ref().map(|ty| {
            let (krate, ty) = (&input.krate, &ty.ty);
            quote_spanned!(span=> : &mut #krate::lockstep::Side<'_, #ty>)
        });
        quote!(#side #annotation)
    } else {
        quote_spanned!(span=> _)
    };
    // The closure's body is the user's block, with the binding spliced in
    // before its statements: no extra braces for `unused_braces` to flag.
    let mut code = TokenStream::new();
    body.brace_token.surround(&mut code, |code| {
        code.extend(binding);
        match &input.rounds {
            Some(rounds) => {
                let round = Ident::new("round", Span::mixed_site());
                let (for_token, pat, in_token, expr) = (
                    &rounds.for_token,
                    &rounds.pat,
                    &rounds.in_token,
                    &rounds.expr,
                );
                let swap = swap_point(name, for_token.span);
                code.extend(quote! {
                    #for_token #round #in_token #expr {
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

/// The hygienic name of a block's `Side`, located at `span`.
fn side(span: Span) -> Ident {
    Ident::new("side", Span::mixed_site().located_at(span))
}

/// A swap point at `span`: `name` rebound to the partner's buffer, or a
/// pure rendezvous. Spanned at the user's `swap!` (or rounds header), for
/// `#[track_caller]`.
fn swap_point(name: Option<&Ident>, span: Span) -> TokenStream {
    let side = side(span);
    match name {
        Some(name) => quote_spanned!(span=> { #name = #side.swap(); let _ = &#name; }),
        None => quote_spanned!(span=> { #side.swap(); }),
    }
}

/// Replaces each `swap!` of a block with the swap of its side.
pub struct Rewrite {
    /// How many `swap!`s were replaced.
    pub swaps: usize,
    /// Replace every `swap!` with `()`, for the fallback expansion.
    pub fallback: bool,
}

impl Rewrite {
    /// A rewrite for the fallback expansion.
    pub fn fallback() -> Rewrite {
        Rewrite {
            swaps: 0,
            fallback: true,
        }
    }

    /// The code that replaces `mac`, a `swap!`.
    fn replacement(&mut self, mac: &syn::Macro) -> Expr {
        self.swaps += 1;
        let span = mac.path.segments.last().expect("a macro path").ident.span();
        if self.fallback {
            return Expr::Verbatim(quote_spanned!(span=> ()));
        }
        let name = match mac.parse_body::<SwapArg>() {
            Ok(SwapArg(name)) => name,
            Err(_) => None, // reported by `check`
        };
        Expr::Verbatim(swap_point(name.as_ref(), span))
    }
}

impl VisitMut for Rewrite {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Macro(m) if is_swap(&m.mac) && !is_lockstep(&m.mac) => {
                *expr = self.replacement(&m.mac);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Macro(m) if is_swap(&m.mac) => {
                *stmt = Stmt::Expr(self.replacement(&m.mac), m.semi_token);
            }
            _ => visit_mut::visit_stmt_mut(self, stmt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(tokens: TokenStream) -> String {
        lockstep(tokens).to_string()
    }

    fn normalize(tokens: TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn data_form() {
        let out = expand(quote! {
            <Vec<u32>>
            left |buf = Vec::new()| { buf.push(1); swap!(buf); buf.len() }
            right |buf = Vec::new()| { swap!(buf) }
        });
        let expected = normalize(quote! {
            ::rendezvous_lockstep::lockstep::run::<Vec<u32>, _, _, _, _>(
                Vec::new(),
                Vec::new(),
                |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32> >| {
                    let mut buf = side.get_mut();
                    let _ = &buf;
                    buf.push(1);
                    { buf = side.swap(); let _ = &buf; };
                    buf.len()
                },
                |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32> >| {
                    let mut buf = side.get_mut();
                    let _ = &buf;
                    { buf = side.swap(); let _ = &buf; }
                }
            )
        });
        assert_eq!(out, expected);
    }

    #[test]
    fn unswapped_buffers_are_not_mut() {
        let out = expand(quote!(left |a = 1| { *a } right |b = 2| { *b }));
        let expected = normalize(quote! {
            {
                use ::rendezvous_lockstep::lockstep::run as __lockstep_run;
                __lockstep_run(
                    1,
                    2,
                    |side| { let a = side.get_mut(); *a },
                    |side| { let b = side.get_mut(); *b }
                )
            }
        });
        assert_eq!(out, expected);
    }

    #[test]
    fn barrier_form() {
        let out = expand(quote!((crate) left { swap!(); 1 } right { swap!() }));
        let expected = normalize(quote! {
            crate::lockstep::run((), (), |side| { { side.swap(); }; 1 }, |side| { { side.swap(); } })
        });
        assert_eq!(out, expected);
        let out = expand(quote!(left { 1 } right {}));
        let expected = normalize(quote! {
            ::rendezvous_lockstep::lockstep::run((), (), |_| { 1 }, |_| {})
        });
        assert_eq!(out, expected);
    }

    #[test]
    fn rounds_form() {
        let out = expand(quote!(for t in 0..3; left { f(t); } right {}));
        let expected = normalize(quote! {
            {
                let ((), ()) = ::rendezvous_lockstep::lockstep::run(
                    (),
                    (),
                    |side| { for round in 0..3 { #[allow(unused_variables)] let t = round; { f(t); } { side.swap(); } } },
                    |side| { for round in 0..3 { #[allow(unused_variables)] let t = round; {} { side.swap(); } } }
                );
            }
        });
        assert_eq!(out, expected);
    }

    #[test]
    fn errors_come_with_a_fallback() {
        let out = expand(quote!(left |b = 1| { let f = || swap!(b); } right |b = 2| {}));
        assert!(out.contains("compile_error"), "{out}");
        assert!(!out.contains("lockstep :: run"), "{out}");
    }
}
