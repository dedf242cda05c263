//! What a swap point is, and where a foreign region begins: the one place
//! that decides both. Every phase asks this module.
//!
//! - A *swap point* is a macro call whose path ends in `swap` (`swap!`,
//!   `rendezvous_lockstep::swap!`) or in `try_swap` (the [`SwapKind`]),
//!   outside a nested `lockstep!`, which owns its own swap points. A name
//!   and a `!` without a delimited group after them call no macro, and are
//!   no swap point. [`macro_call`] recognizes a parsed macro, and the walk
//!   the same calls among the raw tokens of another macro's arguments,
//!   both by the one rule in `classify`.
//! - A *foreign region* is code that does not run as part of the block's
//!   own control flow: a closure, an async block, a const block, a nested
//!   item ([`Foreign::of_expr`], [`Foreign::of_item`]), and the arguments of
//!   another macro (which `lockstep!` sees as tokens, not code). A swap
//!   point there cannot be paired. A visitor that reads only a block's own
//!   code stays out of them with [`own_code_only!`].
//! - A *conditional* node carries `#[cfg(..)]` or `#[cfg_attr(..)]`: a
//!   macro cannot evaluate the build configuration, so whether its swap
//!   points exist is unknown.
//!
//! One walk ([`walker`]) finds the swap points: [`swap_points`] lists those
//! of a block, each a [`SwapPoint`] with its foreign region and the binding
//! that hides the block's buffer name (or the name of its side, `as SIDE`)
//! where it is rebound, which `valid` reads; [`replace_swaps`] rewrites the
//! same swap points for `expand` and `fallback`. `count` follows the
//! control flow itself, and asks [`macro_call`] and [`is_conditional`]
//! what a node is.

mod walker;

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::visit_mut::VisitMut;
use syn::{Attribute, Block, Expr, Ident, Item, Macro, Pat, Stmt};
use walker::Walker;

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
    /// The macro as the user writes it, for messages: `swap!`, `try_swap!`.
    pub fn name(self) -> &'static str {
        match self {
            SwapKind::Swap => "swap!",
            SwapKind::TrySwap => "try_swap!",
        }
    }

    /// The method of `lockstep::Side` that does the same: `swap`,
    /// `try_swap`.
    pub fn method(self) -> &'static str {
        match self {
            SwapKind::Swap => "swap",
            SwapKind::TrySwap => "try_swap",
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

/// What a macro whose path ends in `name` is: the one rule behind
/// [`macro_call`] and the scan of raw tokens.
fn classify(name: &Ident) -> MacroCall {
    if name == "swap" {
        MacroCall::Swap(SwapKind::Swap)
    } else if name == "try_swap" {
        MacroCall::Swap(SwapKind::TrySwap)
    } else if name == "lockstep" {
        MacroCall::Nested
    } else if STD_MACROS.iter().any(|std| name == std) {
        MacroCall::Std
    } else {
        MacroCall::Other
    }
}

/// What `mac` is; see [`MacroCall`].
pub fn macro_call(mac: &Macro) -> MacroCall {
    match mac.path.segments.last() {
        Some(last) if last.arguments.is_none() => classify(&last.ident),
        _ => MacroCall::Other,
    }
}

/// The macro call that starts at `tokens[at]` among raw tokens, if any:
/// `NAME ! GROUP`, with what it is, its name and its arguments.
fn token_call(tokens: &[TokenTree], at: usize) -> Option<(MacroCall, &Ident, &Group)> {
    match (tokens.get(at), tokens.get(at + 1), tokens.get(at + 2)) {
        (
            Some(TokenTree::Ident(name)),
            Some(TokenTree::Punct(bang)),
            Some(TokenTree::Group(args)),
        ) if bang.as_char() == '!' => Some((classify(name), name, args)),
        _ => None,
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

impl Foreign {
    /// The foreign region an expression opens, if any. [`own_code_only!`]
    /// skips the same expressions.
    pub fn of_expr(expr: &Expr) -> Option<Foreign> {
        match expr {
            Expr::Closure(_) => Some(Foreign::Closure),
            Expr::Async(_) => Some(Foreign::Async),
            Expr::Const(_) => Some(Foreign::Const),
            _ => None,
        }
    }

    /// The foreign region a nested item opens: every item opens one.
    pub fn of_item(item: &Item) -> Foreign {
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
}

/// Keeps a `syn` visitor out of the foreign regions that
/// [`Foreign::of_expr`] and [`Foreign::of_item`] name, so that it visits
/// only a block's own code (whose `return`, `?` and `break` are the
/// block's): write `walk::own_code_only!(Visit);` (or `VisitMut`) in the
/// visitor's `impl`. The arguments of other macros are tokens, which a
/// `syn` visitor does not enter anyway.
macro_rules! own_code_only {
    (Visit) => {
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_expr_const(&mut self, _: &'ast syn::ExprConst) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    };
    (VisitMut) => {
        fn visit_expr_closure_mut(&mut self, _: &mut syn::ExprClosure) {}
        fn visit_expr_async_mut(&mut self, _: &mut syn::ExprAsync) {}
        fn visit_expr_const_mut(&mut self, _: &mut syn::ExprConst) {}
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    };
}
pub(crate) use own_code_only;

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

/// One `swap!` or `try_swap!` of a block, with where it stands.
pub struct SwapPoint {
    /// Which macro it is.
    pub kind: SwapKind,
    /// The `swap` of `swap!` (the `try_swap` of `try_swap!`).
    pub span: Span,
    /// The whole `swap!(..)` (in another macro's arguments, its `swap`),
    /// for errors that cover it.
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

impl SwapPoint {
    /// Its argument, if that is a name.
    pub fn name(&self) -> Option<&Ident> {
        self.arg.as_ref().ok().and_then(Option::as_ref)
    }
}

/// The binding that hides a block's buffer name, or the name of its side.
#[derive(Clone, Debug)]
pub struct Shadow {
    /// Whether it hides the side's name (`as SIDE`), not the buffer's.
    pub side: bool,
    /// The name in the binding.
    pub span: Span,
    /// What binds it, for messages: "the `let`", "the `for` pattern", ...
    pub what: &'static str,
}

/// What a swap point becomes when the walk rewrites the code.
pub type Replace<'r> = &'r mut dyn FnMut(&SwapPoint) -> TokenStream;

/// Every swap point of `block`, in source order; `buffer` is the block's
/// buffer binding and `side` the name of its side, whose shadowing is
/// tracked.
pub fn swap_points(block: &Block, buffer: Option<&Ident>, side: Option<&Ident>) -> Vec<SwapPoint> {
    let mut walker = Walker::new(buffer, side, None);
    // The walk can rewrite what it walks; here it walks a copy.
    walker.visit_block_mut(&mut block.clone());
    walker.found
}

/// Every swap point in an expression that is no block's code (an
/// initializer or a rounds header): all of them are misplaced.
pub fn swap_points_in_expr(expr: &Expr) -> Vec<SwapPoint> {
    let mut walker = Walker::new(None, None, None);
    walker.visit_expr_mut(&mut expr.clone());
    walker.found
}

/// Replaces each swap point of `block`, the same that [`swap_points`]
/// finds, by what `replace` makes of it; one that stands where no
/// expression can (in a pattern or a type) stays as it is.
pub fn replace_swaps(block: &mut Block, replace: Replace<'_>) {
    Walker::new(None, None, Some(replace)).visit_block_mut(block);
}

/// Replaces each swap point in an expression that is no block's code.
pub fn replace_swaps_in_expr(expr: &mut Expr, replace: Replace<'_>) {
    Walker::new(None, None, Some(replace)).visit_expr_mut(expr);
}

/// A `match` arm's pattern and its guard, if any (syn parses the guard as
/// part of the pattern).
pub fn arm_parts(arm: &syn::Arm) -> (&Pat, Option<&Expr>) {
    match &arm.pat {
        Pat::Guard(guarded) => (&guarded.pat, Some(&guarded.guard)),
        pat => (pat, None),
    }
}

/// The names a pattern binds.
struct Bindings(Vec<Ident>);

impl Bindings {
    fn of(pat: &Pat) -> Vec<Ident> {
        let mut names = Bindings(Vec::new());
        names.visit_pat(pat);
        names.0
    }
}

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

/// Whether `pat` binds `name`.
pub fn binds(pat: &Pat, name: &Ident) -> bool {
    Bindings::of(pat).iter().any(|bound| bound == name)
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

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// The kinds of the swap points found in `block`, and the block with
    /// each replaced by `point`.
    fn walk(block: TokenStream) -> (Vec<SwapKind>, String) {
        let mut block: Block = syn::parse2(block).unwrap();
        let found = swap_points(&block, None, None);
        replace_swaps(&mut block, &mut |_| quote!(point));
        (
            found.iter().map(|p| p.kind).collect(),
            quote!(#block).to_string(),
        )
    }

    #[test]
    fn finds_and_replaces_the_same_swap_points() {
        let (kinds, replaced) = walk(quote!({
            swap!(b);
            println!("{}", try_swap!(b), swap![], swap!);
            lockstep!(left { swap!(); } right {});
            let f = || swap!();
        }));
        use SwapKind::*;
        assert_eq!(kinds, [Swap, TrySwap, Swap, Swap]);
        let expected: Block = syn::parse_quote!({
            point;
            println!("{}", (point), (point), swap!);
            lockstep!(left { swap!(); } right {});
            let f = || point;
        });
        assert_eq!(replaced, quote!(#expected).to_string());
    }

    /// Counts the macros a visitor of a block's own code meets.
    struct Own(usize);

    impl<'ast> Visit<'ast> for Own {
        own_code_only!(Visit);

        fn visit_macro(&mut self, _: &'ast Macro) {
            self.0 += 1;
        }
    }

    #[test]
    fn own_code_skips_the_foreign_regions() {
        let cases = [
            quote!(|| m!()),
            quote!(async { m!() }),
            quote!(const { m!() }),
            quote!({
                fn f() {
                    m!()
                }
            }),
            quote!({ m!() }),
            quote!(if x {
                m!()
            }),
        ];
        for case in cases {
            let expr: Expr = syn::parse2(case).unwrap();
            let mut own = Own(0);
            own.visit_expr(&expr);
            let item = match &expr {
                Expr::Block(block) => matches!(block.block.stmts[0], Stmt::Item(_)),
                _ => false,
            };
            let foreign = Foreign::of_expr(&expr).is_some() || item;
            assert_eq!(own.0 == 0, foreign, "{}", quote!(#expr));
        }
    }
}
