//! The one walk over a block's code that finds its swap points, and
//! rewrites them when asked: `valid` reads what it finds, and `expand` and
//! `fallback` replace the very same swap points.

use super::{
    Bindings, Foreign, MacroCall, Replace, Shadow, SwapKind, SwapPoint, macro_call, token_call,
};
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Ident, Item, Macro, Pat, Stmt};

/// A walk of one block's code (or of an expression that is no block's):
/// the names whose rebinding it tracks, where it stands, and what it
/// found.
pub struct Walker<'a> {
    /// The block's buffer binding, if any.
    buffer: Option<&'a Ident>,
    /// The name of the block's side (`as SIDE`), if any.
    side: Option<&'a Ident>,
    /// Bindings of the buffer's or the side's name in the scopes around
    /// the node.
    scopes: Vec<Vec<Shadow>>,
    /// The foreign regions around the node, innermost last.
    foreign: Vec<Foreign>,
    /// What each swap point becomes, when the walk rewrites the code.
    replace: Option<Replace<'a>>,
    /// The swap points found, in source order.
    pub found: Vec<SwapPoint>,
}

impl<'a> Walker<'a> {
    pub fn new(
        buffer: Option<&'a Ident>,
        side: Option<&'a Ident>,
        replace: Option<Replace<'a>>,
    ) -> Walker<'a> {
        Walker {
            buffer,
            side,
            scopes: vec![Vec::new()],
            foreign: Vec::new(),
            replace,
            found: Vec::new(),
        }
    }
}

impl Walker<'_> {
    fn scoped(&mut self, f: impl FnOnce(&mut Self)) {
        self.scopes.push(Vec::new());
        f(self);
        self.scopes.pop();
    }

    fn within(&mut self, foreign: Foreign, f: impl FnOnce(&mut Self)) {
        self.foreign.push(foreign);
        f(self);
        self.foreign.pop();
    }

    /// Records the bindings of `pat` that hide the buffer or side name.
    fn bind(&mut self, pat: &Pat, what: &'static str) {
        if self.buffer.is_none() && self.side.is_none() {
            return;
        }
        for name in Bindings::of(pat) {
            for (hidden, side) in [(self.buffer, false), (self.side, true)] {
                if hidden.is_some_and(|hidden| name == *hidden) {
                    let scope = self.scopes.last_mut().expect("a scope");
                    scope.push(Shadow {
                        side,
                        span: name.span(),
                        what,
                    });
                }
            }
        }
    }

    /// The innermost binding that hides the side's name (`side`) or the
    /// buffer's.
    fn shadow(&self, side: bool) -> Option<Shadow> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.iter().rev().find(|shadow| shadow.side == side))
            .cloned()
    }

    /// Records `point`, and returns what it becomes if the walk rewrites.
    fn record(&mut self, point: SwapPoint) -> Option<TokenStream> {
        let replaced = self.replace.as_mut().map(|replace| replace(&point));
        self.found.push(point);
        replaced
    }

    /// The swap point that the call `mac` in the block's code is.
    fn point(&self, kind: SwapKind, mac: &Macro) -> SwapPoint {
        let span = mac
            .path
            .segments
            .last()
            .map_or_else(Span::call_site, |segment| segment.ident.span());
        let arg = swap_arg(kind, mac.tokens.clone());
        let shadow = match (&arg, self.buffer) {
            (Ok(Some(name)), Some(buffer)) if name == buffer => self.shadow(false),
            _ => None,
        };
        SwapPoint {
            kind,
            span,
            tokens: mac.to_token_stream(),
            arg,
            foreign: self.foreign.last().cloned(),
            shadow,
            side_shadow: self.shadow(true),
        }
    }

    /// `tokens`, the arguments of the macro `outer`, with each swap point
    /// in them found (and replaced, in a group of its own), except in a
    /// nested `lockstep!`.
    fn tokens(&mut self, tokens: TokenStream, outer: &Ident) -> TokenStream {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut at = 0;
        while at < tokens.len() {
            match token_call(&tokens, at) {
                Some((MacroCall::Swap(kind), name, args)) => {
                    let point = SwapPoint {
                        kind,
                        span: name.span(),
                        tokens: TokenTree::Ident(name.clone()).into(),
                        arg: swap_arg(kind, args.stream()),
                        foreign: Some(Foreign::MacroArgs(outer.clone())),
                        shadow: None,
                        side_shadow: None,
                    };
                    match self.record(point) {
                        Some(replaced) => {
                            let mut group = Group::new(Delimiter::Parenthesis, replaced);
                            group.set_span(args.span());
                            out.push(TokenTree::Group(group));
                        }
                        None => out.extend_from_slice(&tokens[at..at + 3]),
                    }
                    at += 3;
                }
                Some((MacroCall::Nested, ..)) => {
                    out.extend_from_slice(&tokens[at..at + 3]);
                    at += 3;
                }
                _ => {
                    out.push(match &tokens[at] {
                        TokenTree::Group(group) => {
                            let stream = self.tokens(group.stream(), outer);
                            let mut new = Group::new(group.delimiter(), stream);
                            new.set_span(group.span());
                            TokenTree::Group(new)
                        }
                        token => token.clone(),
                    });
                    at += 1;
                }
            }
        }
        out.into_iter().collect()
    }
}

/// The argument of a swap point: nothing, or the block's buffer binding.
fn swap_arg(kind: SwapKind, tokens: TokenStream) -> syn::Result<Option<Ident>> {
    let mut iter = tokens.into_iter();
    let mac = kind.name();
    match (iter.next(), iter.next()) {
        (None, _) => Ok(None),
        (Some(TokenTree::Ident(name)), None) => Ok(Some(name)),
        (Some(TokenTree::Ident(_)), Some(next)) => Err(syn::Error::new(
            next.span(),
            format!("`{mac}` takes a single name: the block's buffer binding"),
        )),
        (Some(other), _) => Err(syn::Error::new(
            other.span(),
            format!(
                "`{mac}` takes the block's buffer binding, as in `{mac}(buf)`, or nothing \
                 in a block without one"
            ),
        )),
    }
}

impl VisitMut for Walker<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        self.scoped(|w| {
            for stmt in &mut block.stmts {
                w.visit_stmt_mut(stmt);
            }
        });
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Local(local) => {
                if let Some(init) = &mut local.init {
                    self.visit_expr_mut(&mut init.expr);
                    if let Some((_, diverge)) = &mut init.diverge {
                        self.visit_expr_mut(diverge);
                    }
                }
                self.bind(&local.pat, "the `let`");
            }
            Stmt::Macro(m) => match macro_call(&m.mac) {
                MacroCall::Swap(kind) => {
                    if let Some(replaced) = self.record(self.point(kind, &m.mac)) {
                        let attrs = &m.attrs;
                        let replaced = Expr::Verbatim(quote!(#(#attrs)* #replaced));
                        *stmt = Stmt::Expr(replaced, m.semi_token);
                    }
                }
                _ => self.visit_macro_mut(&mut m.mac),
            },
            Stmt::Expr(expr, _) => self.visit_expr_mut(expr),
            Stmt::Item(item) => self.visit_item_mut(item),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Macro(m) = expr
            && let MacroCall::Swap(kind) = macro_call(&m.mac)
        {
            if let Some(replaced) = self.record(self.point(kind, &m.mac)) {
                let attrs = &m.attrs;
                *expr = Expr::Verbatim(quote!(#(#attrs)* #replaced));
            }
            return;
        }
        match Foreign::of_expr(expr) {
            Some(foreign) => self.within(foreign, |w| {
                w.scoped(|w| visit_mut::visit_expr_mut(w, expr));
            }),
            None => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_expr_closure_mut(&mut self, closure: &mut syn::ExprClosure) {
        for input in &closure.inputs {
            self.bind(input, "the closure parameter");
        }
        self.visit_expr_mut(&mut closure.body);
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        self.within(Foreign::of_item(item), |w| {
            w.scoped(|w| visit_mut::visit_item_mut(w, item));
        });
    }

    /// A macro that is no swap point; a swap point elsewhere than as an
    /// expression or a statement (in a pattern or a type) is found, but
    /// stays as it is.
    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        match macro_call(mac) {
            MacroCall::Swap(kind) => {
                let point = self.point(kind, mac);
                self.found.push(point);
            }
            MacroCall::Nested => {}
            MacroCall::Std | MacroCall::Other => {
                if let Some(outer) = mac.path.segments.last().map(|s| s.ident.clone()) {
                    mac.tokens = self.tokens(mac.tokens.clone(), &outer);
                }
            }
        }
    }

    fn visit_expr_for_loop_mut(&mut self, expr: &mut syn::ExprForLoop) {
        self.visit_expr_mut(&mut expr.expr);
        self.scoped(|w| {
            w.bind(&expr.pat, "the `for` pattern");
            w.visit_block_mut(&mut expr.body);
        });
    }

    fn visit_expr_if_mut(&mut self, expr: &mut syn::ExprIf) {
        self.scoped(|w| {
            w.visit_expr_mut(&mut expr.cond);
            w.visit_block_mut(&mut expr.then_branch);
        });
        if let Some((_, otherwise)) = &mut expr.else_branch {
            self.visit_expr_mut(otherwise);
        }
    }

    fn visit_expr_while_mut(&mut self, expr: &mut syn::ExprWhile) {
        self.scoped(|w| {
            w.visit_expr_mut(&mut expr.cond);
            w.visit_block_mut(&mut expr.body);
        });
    }

    fn visit_expr_let_mut(&mut self, expr: &mut syn::ExprLet) {
        self.visit_expr_mut(&mut expr.expr);
        self.bind(&expr.pat, "the `let` pattern");
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        self.visit_expr_mut(&mut expr.expr);
        for arm in &mut expr.arms {
            self.scoped(|w| {
                // As `arm_parts`: syn parses the guard as part of the pattern.
                let (pat, guard) = match &mut arm.pat {
                    Pat::Guard(guarded) => (&*guarded.pat, Some(&mut *guarded.guard)),
                    pat => (&*pat, None),
                };
                w.bind(pat, "the `match` arm's pattern");
                if let Some(guard) = guard {
                    w.visit_expr_mut(guard);
                }
                w.visit_expr_mut(&mut arm.body);
            });
        }
    }
}
