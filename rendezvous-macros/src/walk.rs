//! What a swap point is, and where a foreign region begins: the one place
//! that decides both. Every phase asks this module.
//!
//! - A *swap point* is a macro call whose path ends in `swap` (`swap!`,
//!   `rendezvous_lockstep::swap!`) or in `try_swap` (the [`SwapKind`]),
//!   outside a nested `lockstep!`, which owns its own swap points.
//! - A *foreign region* is code that does not run as part of the block's
//!   own control flow: a closure, an async block, a const block, a nested
//!   item, and the arguments of another macro (which `lockstep!` sees as
//!   tokens, not code). A swap point there cannot be paired.
//! - A *conditional* node carries `#[cfg(..)]` or `#[cfg_attr(..)]`: a
//!   macro cannot evaluate the build configuration, so whether its swap
//!   points exist is unknown.
//!
//! [`swap_points`] yields every swap point of a block with its foreign
//! region, and with the binding that hides the block's buffer name (or the
//! name of its side, `as SIDE`) where it is rebound: `check` reads those.
//! `count` follows the control flow itself but asks [`macro_call`],
//! [`foreign_expr`] and [`is_conditional`] what a node is. `expand` and
//! `fallback` replace the same swap points through [`replace_swaps`].

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Block, Expr, Ident, Item, Macro, Pat, Stmt};

/// What a macro call inside a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacroCall {
    /// `swap!` or `try_swap!`: a swap point.
    Swap(SwapKind),
    /// A nested `lockstep!`, whose `swap!`s are its own.
    Nested,
    /// A standard macro that cannot expand to a `swap!` of its own, such as
    /// `println!` or `vec!`: only the tokens it is given can hold one.
    Std,
    /// Any other macro: it may expand to a `swap!` that `lockstep!` cannot
    /// see, so the block's swap count is unknown.
    Other,
}

/// Which macro a swap point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwapKind {
    /// `swap!`: swaps, or panics if the partner block has returned.
    Swap,
    /// `try_swap!`: `true` after a swap, `false` once the partner block
    /// has returned; a block that uses it has a run-time swap count.
    TrySwap,
}

impl SwapKind {
    /// The swap point that a macro named `name` is, if any.
    pub fn of(name: &str) -> Option<SwapKind> {
        match name {
            "swap" => Some(SwapKind::Swap),
            "try_swap" => Some(SwapKind::TrySwap),
            _ => None,
        }
    }

    /// The macro as the user writes it, for messages: `swap!`, `try_swap!`.
    pub fn name(self) -> &'static str {
        match self {
            SwapKind::Swap => "swap!",
            SwapKind::TrySwap => "try_swap!",
        }
    }
}

/// Standard macros that expand to no `swap!` beyond their arguments.
const STD_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "concat",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "include_bytes",
    "include_str",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "print",
    "println",
    "stringify",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// What `mac` is; see [`MacroCall`].
pub fn macro_call(mac: &Macro) -> MacroCall {
    let Some(last) = mac.path.segments.last() else {
        return MacroCall::Other;
    };
    if !last.arguments.is_none() {
        return MacroCall::Other;
    }
    let name = last.ident.to_string();
    if let Some(kind) = SwapKind::of(&name) {
        return MacroCall::Swap(kind);
    }
    match name.as_str() {
        "lockstep" => MacroCall::Nested,
        _ if STD_MACROS.contains(&name.as_str()) => MacroCall::Std,
        _ => MacroCall::Other,
    }
}

/// Code that a `swap!` cannot be paired from.
#[derive(Clone, Debug)]
pub enum Foreign {
    /// A closure: it may run any number of times, or never.
    Closure,
    /// An async block: it runs when polled, if ever.
    Async,
    /// A const block: it runs at compile time.
    Const,
    /// A nested item (`fn`, `impl`, ...), named for messages.
    Item(&'static str),
    /// The arguments of another macro, named by its last path segment.
    MacroArgs(Ident),
}

/// The foreign region an expression opens, if any.
pub fn foreign_expr(expr: &Expr) -> Option<Foreign> {
    match expr {
        Expr::Closure(_) => Some(Foreign::Closure),
        Expr::Async(_) => Some(Foreign::Async),
        Expr::Const(_) => Some(Foreign::Const),
        _ => None,
    }
}

/// The foreign region a nested item opens.
pub fn foreign_item(item: &Item) -> Foreign {
    Foreign::Item(match item {
        Item::Fn(_) => "fn",
        Item::Impl(_) => "impl",
        Item::Trait(_) => "trait",
        Item::Mod(_) => "module",
        Item::Const(_) | Item::Static(_) => "constant",
        Item::Macro(_) => "macro definition",
        _ => "item",
    })
}

/// Whether `attrs` make a node conditional on the build configuration.
pub fn is_conditional(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr"))
}

/// The outer attributes of an expression.
pub fn expr_attrs(expr: &Expr) -> &[Attribute] {
    macro_rules! attrs {
        ($($variant:ident)*) => {
            match expr {
                $(Expr::$variant(e) => &e.attrs,)*
                _ => &[],
            }
        };
    }
    attrs!(
        Array Assign Async Await Binary Block Break Call Cast Closure Const Continue Field
        ForLoop Group If Index Infer Let Lit Loop Macro Match MethodCall Paren Path Range
        RawAddr Reference Repeat Return Struct Try TryBlock Tuple Unary Unsafe While Yield
    )
}

/// The outer attributes of a statement.
pub fn stmt_attrs(stmt: &Stmt) -> &[Attribute] {
    match stmt {
        Stmt::Local(local) => &local.attrs,
        Stmt::Macro(mac) => &mac.attrs,
        Stmt::Expr(expr, _) => expr_attrs(expr),
        Stmt::Item(_) => &[],
    }
}

/// The binding that hides a block's buffer name, or the name of its side.
#[derive(Clone, Debug)]
pub struct Shadow {
    /// Whether it hides the side's name (`as SIDE`), not the buffer's.
    pub side: bool,
    /// The name in the binding.
    pub span: Span,
    /// What binds it, for messages: "a `let`", "a `for` pattern", ...
    pub what: &'static str,
}

/// One `swap!` or `try_swap!` of a block, with where it stands.
pub struct SwapPoint {
    /// Which macro it is.
    pub kind: SwapKind,
    /// The `swap` of `swap!` (the `try_swap` of `try_swap!`).
    pub span: Span,
    /// The whole `swap!(..)`, for errors that cover it.
    pub tokens: TokenStream,
    /// Its argument: nothing, a name, or why it is not a name.
    pub arg: syn::Result<Option<Ident>>,
    /// The innermost foreign region around it, if any.
    pub foreign: Option<Foreign>,
    /// The binding that hides the block's buffer here, if the argument
    /// names the buffer and it is rebound.
    pub shadow: Option<Shadow>,
    /// The binding that hides the block's named side here, through which
    /// the swap point swaps.
    pub side_shadow: Option<Shadow>,
}

/// The argument of a swap point: nothing, or the block's buffer binding.
pub fn swap_arg(kind: SwapKind, tokens: TokenStream) -> syn::Result<Option<Ident>> {
    let mut iter = tokens.clone().into_iter();
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

/// A swap point as the expansion replaces it.
pub struct Site {
    /// Which macro it is.
    pub kind: SwapKind,
    /// The `swap` of `swap!` (the `try_swap` of `try_swap!`).
    pub span: Span,
    /// Its argument, if it is a name.
    pub arg: Option<Ident>,
}

/// Every swap point of `block`, in source order; `buffer` is the block's
/// buffer binding and `side` the name of its side, whose shadowing is
/// tracked.
pub fn swap_points(block: &Block, buffer: Option<&Ident>, side: Option<&Ident>) -> Vec<SwapPoint> {
    let mut walker = Walker {
        buffer,
        side,
        scopes: vec![Vec::new()],
        foreign: Vec::new(),
        found: Vec::new(),
    };
    walker.visit_block(block);
    walker.found
}

/// Every swap point in an expression that is no block's code (an
/// initializer or a rounds header): all of them are misplaced.
pub fn swap_points_in_expr(expr: &Expr) -> Vec<SwapPoint> {
    let mut walker = Walker {
        buffer: None,
        side: None,
        scopes: vec![Vec::new()],
        foreign: Vec::new(),
        found: Vec::new(),
    };
    walker.visit_expr(expr);
    walker.found
}

struct Walker<'a> {
    buffer: Option<&'a Ident>,
    side: Option<&'a Ident>,
    /// Bindings of the buffer's or the side's name in the scopes around
    /// the node.
    scopes: Vec<Vec<Shadow>>,
    foreign: Vec<Foreign>,
    found: Vec<SwapPoint>,
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
        let mut names = Bindings(Vec::new());
        names.visit_pat(pat);
        for name in names.0 {
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

    fn swap(&mut self, kind: SwapKind, mac: &Macro) {
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
        self.found.push(SwapPoint {
            kind,
            span,
            tokens: mac.to_token_stream(),
            arg,
            foreign: self.foreign.last().cloned(),
            shadow,
            side_shadow: self.shadow(true),
        });
    }

    /// The swap points hidden in another macro's tokens.
    fn hidden(&mut self, mac: &Macro) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.clone()) else {
            return;
        };
        let mut spans = Vec::new();
        hidden_swaps(mac.tokens.clone(), &mut |kind, swap, args| {
            spans.push((kind, swap, args))
        });
        for (kind, span, args) in spans {
            let word = kind.name().trim_end_matches('!');
            self.found.push(SwapPoint {
                kind,
                span,
                tokens: TokenTree::Ident(Ident::new(word, span)).into(),
                arg: swap_arg(kind, args),
                foreign: Some(Foreign::MacroArgs(name.clone())),
                shadow: None,
                side_shadow: None,
            });
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_block(&mut self, block: &'ast Block) {
        self.scoped(|w| {
            for stmt in &block.stmts {
                w.visit_stmt(stmt);
            }
        });
    }

    fn visit_stmt(&mut self, stmt: &'ast Stmt) {
        match stmt {
            Stmt::Local(local) => {
                if let Some(init) = &local.init {
                    self.visit_expr(&init.expr);
                    if let Some((_, diverge)) = &init.diverge {
                        self.visit_expr(diverge);
                    }
                }
                self.bind(&local.pat, "the `let`");
            }
            Stmt::Macro(mac) => self.visit_macro(&mac.mac),
            Stmt::Expr(expr, _) => self.visit_expr(expr),
            Stmt::Item(item) => self.visit_item(item),
        }
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match foreign_expr(expr) {
            Some(foreign) => self.within(foreign, |w| w.scoped(|w| visit::visit_expr(w, expr))),
            None => visit::visit_expr(self, expr),
        }
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        for input in &closure.inputs {
            self.bind(input, "the closure parameter");
        }
        self.visit_expr(&closure.body);
    }

    fn visit_item(&mut self, item: &'ast Item) {
        self.within(foreign_item(item), |w| {
            w.scoped(|w| visit::visit_item(w, item));
        });
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        match macro_call(mac) {
            MacroCall::Swap(kind) => self.swap(kind, mac),
            MacroCall::Nested => {}
            MacroCall::Std | MacroCall::Other => self.hidden(mac),
        }
    }

    fn visit_expr_for_loop(&mut self, expr: &'ast syn::ExprForLoop) {
        self.visit_expr(&expr.expr);
        self.scoped(|w| {
            w.bind(&expr.pat, "the `for` pattern");
            w.visit_block(&expr.body);
        });
    }

    fn visit_expr_if(&mut self, expr: &'ast syn::ExprIf) {
        self.scoped(|w| {
            w.visit_expr(&expr.cond);
            w.visit_block(&expr.then_branch);
        });
        if let Some((_, otherwise)) = &expr.else_branch {
            self.visit_expr(otherwise);
        }
    }

    fn visit_expr_while(&mut self, expr: &'ast syn::ExprWhile) {
        self.scoped(|w| {
            w.visit_expr(&expr.cond);
            w.visit_block(&expr.body);
        });
    }

    fn visit_expr_let(&mut self, expr: &'ast syn::ExprLet) {
        self.visit_expr(&expr.expr);
        self.bind(&expr.pat, "the `let` pattern");
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        self.visit_expr(&expr.expr);
        for arm in &expr.arms {
            self.scoped(|w| {
                let (pat, guard) = arm_parts(arm);
                w.bind(pat, "the `match` arm's pattern");
                if let Some(guard) = guard {
                    w.visit_expr(guard);
                }
                w.visit_expr(&arm.body);
            });
        }
    }
}

/// A `match` arm's pattern and its guard, if any (syn parses the guard as
/// part of the pattern).
pub fn arm_parts(arm: &syn::Arm) -> (&Pat, Option<&syn::Expr>) {
    match &arm.pat {
        Pat::Guard(guarded) => (&guarded.pat, Some(&guarded.guard)),
        pat => (pat, None),
    }
}

/// The names a pattern binds.
struct Bindings(Vec<Ident>);

impl<'ast> Visit<'ast> for Bindings {
    /// A guard binds nothing: only its pattern is visited.
    fn visit_pat_guard(&mut self, pat: &'ast syn::PatGuard) {
        self.visit_pat(&pat.pat);
    }

    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        self.0.push(pat.ident.clone());
        visit::visit_pat_ident(self, pat);
    }
}

/// Marks each `lockstep!` nested in `block` with `@outer(NAME, ..)`: the
/// buffers of the blocks around it, which its blocks cannot swap.
pub fn mark_nested(block: &mut Block, outer: &[Ident]) {
    if outer.is_empty() {
        return;
    }
    struct Mark<'a>(&'a [Ident]);
    impl VisitMut for Mark<'_> {
        fn visit_macro_mut(&mut self, mac: &mut Macro) {
            if macro_call(mac) == MacroCall::Nested {
                let (names, tokens) = (self.0, &mac.tokens);
                let mark = match tokens.clone().into_iter().next() {
                    // The `(path)` the `lockstep!` wrapper passes comes first.
                    Some(TokenTree::Group(krate))
                        if krate.delimiter() == Delimiter::Parenthesis =>
                    {
                        let rest = tokens.clone().into_iter().skip(1);
                        let rest: TokenStream = rest.collect();
                        quote::quote!(#krate @outer(#(#names),*) #rest)
                    }
                    _ => quote::quote!(@outer(#(#names),*) #tokens),
                };
                mac.tokens = mark;
            }
        }
    }
    Mark(outer).visit_block_mut(block);
}

/// Whether `pat` binds `name`.
pub fn binds(pat: &Pat, name: &Ident) -> bool {
    let mut names = Bindings(Vec::new());
    names.visit_pat(pat);
    names.0.iter().any(|bound| bound == name)
}

/// Calls `found` with the kind and the `swap` of each `swap!(..)` (and
/// `try_swap!(..)`) in `tokens`, and its arguments, except inside a nested
/// `lockstep!`.
fn hidden_swaps(tokens: TokenStream, found: &mut dyn FnMut(SwapKind, Span, TokenStream)) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        let bang = matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        match &tokens[index] {
            TokenTree::Ident(ident) if bang && ident == "lockstep" => index += 2,
            TokenTree::Ident(ident) if bang && SwapKind::of(&ident.to_string()).is_some() => {
                let kind = SwapKind::of(&ident.to_string()).expect("a swap point");
                let args = match tokens.get(index + 2) {
                    Some(TokenTree::Group(group)) => group.stream(),
                    _ => TokenStream::new(),
                };
                found(kind, ident.span(), args);
            }
            TokenTree::Group(group) => hidden_swaps(group.stream(), found),
            _ => {}
        }
        index += 1;
    }
}

/// Replaces each swap point in `block` (also those in other macros'
/// arguments) by what `replace` makes of its [`Site`].
pub fn replace_swaps(block: &mut Block, replace: &mut dyn FnMut(Site) -> TokenStream) {
    Replace { replace }.visit_block_mut(block);
}

/// Replaces each swap point in an expression that is no block's code.
pub fn replace_swaps_in_expr(expr: &mut Expr, replace: &mut dyn FnMut(Site) -> TokenStream) {
    Replace { replace }.visit_expr_mut(expr);
}

struct Replace<'r> {
    replace: &'r mut dyn FnMut(Site) -> TokenStream,
}

impl Replace<'_> {
    fn swap(&mut self, kind: SwapKind, mac: &Macro) -> Expr {
        let span = mac
            .path
            .segments
            .last()
            .map_or_else(Span::call_site, |segment| segment.ident.span());
        let arg = swap_arg(kind, mac.tokens.clone()).ok().flatten();
        Expr::Verbatim((self.replace)(Site { kind, span, arg }))
    }

    /// `tokens` with each `swap ! (..)` replaced, except in a nested
    /// `lockstep!`.
    fn tokens(&mut self, tokens: TokenStream) -> TokenStream {
        let mut out = Vec::new();
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            let bang = matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            match token {
                TokenTree::Ident(ident) if bang && SwapKind::of(&ident.to_string()).is_some() => {
                    let kind = SwapKind::of(&ident.to_string()).expect("a swap point");
                    let bang = tokens.next();
                    if let Some(TokenTree::Group(args)) = tokens.next() {
                        let arg = swap_arg(kind, args.stream()).ok().flatten();
                        let span = ident.span();
                        let site = (self.replace)(Site { kind, span, arg });
                        let mut group = Group::new(Delimiter::Parenthesis, site);
                        group.set_span(args.span());
                        out.push(TokenTree::Group(group));
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
                    let mut new = Group::new(group.delimiter(), self.tokens(group.stream()));
                    new.set_span(group.span());
                    out.push(TokenTree::Group(new));
                }
                token => out.push(token),
            }
        }
        out.into_iter().collect()
    }
}

impl VisitMut for Replace<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Macro(m) = expr
            && let MacroCall::Swap(kind) = macro_call(&m.mac)
        {
            let mut replaced = self.swap(kind, &m.mac);
            if !m.attrs.is_empty() {
                let attrs = &m.attrs;
                replaced = Expr::Verbatim(quote::quote!(#(#attrs)* #replaced));
            }
            *expr = replaced;
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(m) = stmt
            && let MacroCall::Swap(kind) = macro_call(&m.mac)
        {
            let attrs = &m.attrs;
            let replaced = self.swap(kind, &m.mac);
            let semi = m.semi_token;
            *stmt = Stmt::Expr(Expr::Verbatim(quote::quote!(#(#attrs)* #replaced)), semi);
            return;
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        match macro_call(mac) {
            MacroCall::Nested | MacroCall::Swap(_) => {}
            MacroCall::Std | MacroCall::Other => mac.tokens = self.tokens(mac.tokens.clone()),
        }
    }
}
