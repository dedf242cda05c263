//! Static swap counting, for the swap-count check of [`check`](crate::check).
//!
//! The check is sound: it rejects two blocks only where their counts
//! provably differ on every run, and leaves the rest to the run-time check.
//! A block's swap count is a sum of terms: a constant for the `swap!`s in
//! straight-line code, plus, for every `for` loop that contains `swap!`s,
//! the swaps of one iteration "per iteration" of that loop. A count is
//! unknown (`None`) where it may depend on what the block does at run time:
//!
//! - `swap!`s under `if`, `match`, `&&`/`||` or `let ... else` whose
//!   branches differ;
//! - `while`, `while let` and `loop` around `swap!`s, and `for` loops whose
//!   iterated expression is not [fixed](Changed::fixed): it calls something,
//!   or reads a name that either block binds (also as an item or import),
//!   assigns, borrows mutably, calls a method on or passes to a macro;
//! - loops that `break` or `continue` around `swap!`s, and blocks that
//!   `return` or use `?` anywhere;
//! - `#[cfg(..)]` code that swaps, which a macro cannot evaluate;
//! - a call of a macro that is not known to expand to no `swap!`.
//!
//! Two known counts are compared only if they run over the same loops, by
//! structure (see [`Count::mismatch`]).

use crate::print;
use crate::walk::{self, MacroCall, SwapKind};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::HashSet;
use syn::visit::{self, Visit};
use syn::{Block, Expr, Label, Lifetime};

/// The names whose values a block may change or rebind: a loop over any
/// of them is not compared.
#[derive(Default)]
pub struct Changed(HashSet<String>);

impl Changed {
    /// The names that `blocks` bind (in any pattern, closure parameter,
    /// item or import), assign, borrow mutably, call a method on, or pass to
    /// a macro.
    pub fn of<'a>(blocks: impl IntoIterator<Item = &'a Block>) -> Changed {
        let mut changed = Changed::default();
        for block in blocks {
            changed.visit_block(block);
        }
        changed
    }

    fn root(&mut self, expr: &Expr) {
        if let Some(name) = root(expr) {
            self.0.insert(name);
        }
    }

    fn tokens(&mut self, tokens: TokenStream) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    self.0.insert(ident.to_string());
                }
                TokenTree::Group(group) => self.tokens(group.stream()),
                _ => {}
            }
        }
    }

    /// Whether the trip count of `for _ in expr` is fixed before the loop
    /// and the same in both blocks: literals, paths the blocks cannot
    /// change, and operators, ranges, references, fields and indices of
    /// those. Calls, method calls, macros and blocks are not.
    fn fixed(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Lit(_) => true,
            Expr::Path(path) => {
                path.qself.is_none()
                    && !path
                        .path
                        .get_ident()
                        .is_some_and(|name| self.0.contains(&name.to_string()))
            }
            Expr::Range(range) => [&range.start, &range.end]
                .into_iter()
                .flatten()
                .all(|end| self.fixed(end)),
            Expr::Binary(binary) => self.fixed(&binary.left) && self.fixed(&binary.right),
            Expr::Unary(unary) => self.fixed(&unary.expr),
            Expr::Reference(reference) => {
                reference.mutability.is_none() && self.fixed(&reference.expr)
            }
            Expr::Paren(paren) => self.fixed(&paren.expr),
            Expr::Group(group) => self.fixed(&group.expr),
            Expr::Field(field) => self.fixed(&field.base),
            Expr::Index(index) => self.fixed(&index.expr) && self.fixed(&index.index),
            Expr::Cast(cast) => self.fixed(&cast.expr),
            Expr::Array(array) => array.elems.iter().all(|elem| self.fixed(elem)),
            Expr::Tuple(tuple) => tuple.elems.iter().all(|elem| self.fixed(elem)),
            _ => false,
        }
    }
}

/// The variable at the root of a place expression: `x` of `x.a[3]`.
fn root(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        Expr::Field(field) => root(&field.base),
        Expr::Index(index) => root(&index.expr),
        Expr::Paren(paren) => root(&paren.expr),
        Expr::Group(group) => root(&group.expr),
        Expr::Unary(unary) => root(&unary.expr),
        _ => None,
    }
}

impl<'ast> Visit<'ast> for Changed {
    // An item or import in a block may give a name a value of the block's
    // own: `const N: usize = 2;`, `use other::N;`.
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let name = match item {
            syn::Item::Const(item) => Some(&item.ident),
            syn::Item::Static(item) => Some(&item.ident),
            syn::Item::Fn(item) => Some(&item.sig.ident),
            syn::Item::Struct(item) => Some(&item.ident),
            syn::Item::Enum(item) => Some(&item.ident),
            syn::Item::Mod(item) => Some(&item.ident),
            _ => None,
        };
        if let Some(name) = name {
            self.0.insert(name.to_string());
        }
        visit::visit_item(self, item);
    }

    fn visit_use_name(&mut self, name: &'ast syn::UseName) {
        self.0.insert(name.ident.to_string());
    }

    fn visit_use_rename(&mut self, rename: &'ast syn::UseRename) {
        self.0.insert(rename.rename.to_string());
    }

    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        self.0.insert(pat.ident.to_string());
        visit::visit_pat_ident(self, pat);
    }

    fn visit_expr_assign(&mut self, expr: &'ast syn::ExprAssign) {
        self.root(&expr.left);
        visit::visit_expr_assign(self, expr);
    }

    fn visit_expr_binary(&mut self, expr: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(
            expr.op,
            AddAssign(_)
                | SubAssign(_)
                | MulAssign(_)
                | DivAssign(_)
                | RemAssign(_)
                | BitXorAssign(_)
                | BitAndAssign(_)
                | BitOrAssign(_)
                | ShlAssign(_)
                | ShrAssign(_)
        ) {
            self.root(&expr.left);
        }
        visit::visit_expr_binary(self, expr);
    }

    fn visit_expr_reference(&mut self, expr: &'ast syn::ExprReference) {
        if expr.mutability.is_some() {
            self.root(&expr.expr);
        }
        visit::visit_expr_reference(self, expr);
    }

    fn visit_expr_raw_addr(&mut self, expr: &'ast syn::ExprRawAddr) {
        self.root(&expr.expr);
        visit::visit_expr_raw_addr(self, expr);
    }

    fn visit_expr_method_call(&mut self, expr: &'ast syn::ExprMethodCall) {
        self.root(&expr.receiver);
        visit::visit_expr_method_call(self, expr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
    }
}

/// A block's swap count: `None` if not statically known, else a sum of
/// terms, each the swaps per iteration of the loop headers around them,
/// outermost first (no headers: the straight-line swaps).
#[derive(Clone, Default)]
pub struct Count {
    terms: Option<Vec<(Vec<Expr>, u64)>>,
}

impl PartialEq for Count {
    fn eq(&self, other: &Count) -> bool {
        match (&self.terms, &other.terms) {
            (Some(a), Some(b)) => same_terms(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Whether two sums have the same terms, in any order.
fn same_terms(a: &[(Vec<Expr>, u64)], b: &[(Vec<Expr>, u64)]) -> bool {
    a.len() == b.len() && a.iter().all(|(key, n)| term(b, key) == Some(*n))
}

/// Whether two lists of loop headers are the same, token for token (spans
/// aside).
fn same_loops(a: &[Expr], b: &[Expr]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.to_token_stream().to_string() == b.to_token_stream().to_string())
}

/// The count of the term with `key` in `terms`.
fn term(terms: &[(Vec<Expr>, u64)], key: &[Expr]) -> Option<u64> {
    terms
        .iter()
        .find(|(other, _)| same_loops(other, key))
        .map(|&(_, n)| n)
}

impl Count {
    /// Counts the `swap!`s of a block body; loops over names in `changed`
    /// are not counted.
    pub fn of(body: &Block, changed: &Changed) -> Count {
        let mut counter = Counter {
            frames: vec![Frame::new(FrameKind::Root)],
            early_exit: false,
            changed,
        };
        counter.visit_block(body);
        let root = counter.frames.pop().expect("the root frame");
        if root.unknown || (counter.early_exit && !root.is_zero()) {
            Count { terms: None }
        } else {
            Count {
                terms: Some(root.terms),
            }
        }
    }

    /// Whether both counts are known, run over the same loops, and still
    /// differ: then the blocks cannot swap equally often (unless those
    /// loops run zero times).
    pub fn mismatch(&self, other: &Count) -> bool {
        match (&self.terms, &other.terms) {
            (Some(a), Some(b)) => {
                let same_loops = |a: &[(Vec<Expr>, u64)], b: &[(Vec<Expr>, u64)]| {
                    a.iter()
                        .filter(|(key, _)| !key.is_empty())
                        .all(|(key, _)| term(b, key).is_some())
                };
                self != other && same_loops(a, b) && same_loops(b, a)
            }
            _ => false,
        }
    }

    /// The count in words, such as `3` or `1 + 2 per iteration of
    /// `for _ in 0..n``.
    pub fn describe(&self) -> String {
        let Some(terms) = &self.terms else {
            return "unknown".to_owned();
        };
        let mut parts = Vec::new();
        for (key, n) in terms {
            if key.is_empty() {
                parts.insert(0, n.to_string());
            } else {
                let loops: Vec<String> = key
                    .iter()
                    .rev()
                    .map(|expr| format!("`for _ in {}`", print::code(expr)))
                    .collect();
                parts.push(format!("{n} per iteration of {}", loops.join(" inside ")));
            }
        }
        if parts.is_empty() {
            "0".to_owned()
        } else {
            parts.join(" + ")
        }
    }
}

/// What opened a [`Frame`].
enum FrameKind {
    /// The block body.
    Root,
    /// A branch of an `if`, a `match` arm, the right side of `&&`/`||`.
    Branch,
    /// A loop, with its label.
    Loop(Option<Lifetime>),
    /// A labeled block, which `break 'label` can leave.
    LabeledBlock(Lifetime),
}

/// The swaps counted in one region of control flow.
struct Frame {
    kind: FrameKind,
    terms: Vec<(Vec<Expr>, u64)>,
    /// Some swap count in here depends on run-time values.
    unknown: bool,
    /// A `break` or `continue` leaves this loop or labeled block early.
    escaped: bool,
}

impl Frame {
    fn new(kind: FrameKind) -> Frame {
        Frame {
            kind,
            terms: Vec::new(),
            unknown: false,
            escaped: false,
        }
    }

    fn is_zero(&self) -> bool {
        !self.unknown && self.terms.is_empty()
    }

    /// Adds `terms`, each inside the loop over `prefix`, if any.
    fn add(&mut self, prefix: Option<&Expr>, terms: Vec<(Vec<Expr>, u64)>) {
        for (key, n) in terms {
            let key: Vec<Expr> = prefix.cloned().into_iter().chain(key).collect();
            match self
                .terms
                .iter_mut()
                .find(|(other, _)| same_loops(other, &key))
            {
                Some((_, sum)) => *sum += n,
                None => self.terms.push((key, n)),
            }
        }
    }
}

/// The visitor that counts; `frames` follows the control flow.
struct Counter<'c> {
    frames: Vec<Frame>,
    /// The block can `return` early (`return`, `?`).
    early_exit: bool,
    /// Names a loop header must not depend on.
    changed: &'c Changed,
}

impl Counter<'_> {
    fn top(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("the root frame")
    }

    /// Visits `f` in a new frame and returns that frame.
    fn region(&mut self, kind: FrameKind, f: impl FnOnce(&mut Self)) -> Frame {
        self.frames.push(Frame::new(kind));
        f(self);
        self.frames.pop().expect("the frame pushed above")
    }

    /// Merges alternative branches: known only if all branches agree.
    fn alternatives(&mut self, branches: Vec<Frame>) {
        let first = &branches[0];
        let agree = branches
            .iter()
            .all(|branch| !branch.unknown && same_terms(&branch.terms, &first.terms));
        if agree {
            let terms = first.terms.clone();
            self.top().add(None, terms);
        } else {
            self.top().unknown = true;
        }
    }

    /// Merges a region that may run or not (the right side of `&&`).
    fn maybe(&mut self, region: Frame) {
        if !region.is_zero() {
            self.top().unknown = true;
        }
    }

    /// Visits a loop body and adds its swaps per iteration of the loop
    /// over `header`; with no header (`while`, `loop`) or one whose trip
    /// count a block can change, a loop that swaps has an unknown count.
    fn looped(&mut self, header: Option<&Expr>, label: Option<&Label>, body: &Block) {
        let label = label.map(|label| label.name.clone());
        let frame = self.region(FrameKind::Loop(label), |c| c.visit_block(body));
        if frame.is_zero() {
            return;
        }
        match header {
            Some(header) if !frame.unknown && !frame.escaped && self.changed.fixed(header) => {
                self.top().add(Some(header), frame.terms);
            }
            _ => self.top().unknown = true,
        }
    }

    /// Visits code that a `#[cfg]` may remove: it counts as unknown if it
    /// swaps.
    fn conditional(&mut self, attrs: &[syn::Attribute], f: impl FnOnce(&mut Self)) {
        if !walk::is_conditional(attrs) {
            return f(self);
        }
        let frame = self.region(FrameKind::Branch, f);
        if !frame.is_zero() {
            self.top().unknown = true;
        }
    }

    /// Marks every loop (and labeled block) left by a `break` or
    /// `continue` with `label` as escaped.
    fn escape(&mut self, label: Option<&Lifetime>) {
        for frame in self.frames.iter_mut().rev() {
            let target = match (&frame.kind, label) {
                (FrameKind::Loop(_), None) => true,
                (FrameKind::Loop(Some(name)) | FrameKind::LabeledBlock(name), Some(label)) => {
                    name.ident == label.ident
                }
                (FrameKind::Root, _) => return,
                _ => false,
            };
            if matches!(frame.kind, FrameKind::Loop(..) | FrameKind::LabeledBlock(_)) {
                frame.escaped = true;
            }
            if target {
                return;
            }
        }
    }
}

impl<'ast> Visit<'ast> for Counter<'_> {
    // Code that runs elsewhere or later holds no swap points of this block
    // (`check` rejects `swap!` there), and its `return`s are its own.
    walk::own_code_only!(Visit);

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        match walk::macro_call(mac) {
            MacroCall::Swap(SwapKind::Swap) => self.top().add(None, vec![(Vec::new(), 1)]),
            // It swaps until the partner block returns: a run-time count.
            MacroCall::Swap(SwapKind::TrySwap) => self.top().unknown = true,
            MacroCall::Nested | MacroCall::Std => {}
            // It may expand to a `swap!` that cannot be seen here.
            MacroCall::Other => self.top().unknown = true,
        }
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        self.conditional(walk::stmt_attrs(stmt), |c| visit::visit_stmt(c, stmt));
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        self.conditional(walk::expr_attrs(expr), |c| visit::visit_expr(c, expr));
    }

    fn visit_expr_if(&mut self, expr: &'ast syn::ExprIf) {
        self.visit_expr(&expr.cond);
        let then = self.region(FrameKind::Branch, |c| c.visit_block(&expr.then_branch));
        let otherwise = self.region(FrameKind::Branch, |c| {
            if let Some((_, otherwise)) = &expr.else_branch {
                c.visit_expr(otherwise);
            }
        });
        self.alternatives(vec![then, otherwise]);
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        self.visit_expr(&expr.expr);
        let mut arms = Vec::new();
        for arm in &expr.arms {
            if let (_, Some(guard)) = walk::arm_parts(arm) {
                let guard = self.region(FrameKind::Branch, |c| c.visit_expr(guard));
                self.maybe(guard);
            }
            let body = self.region(FrameKind::Branch, |c| c.visit_expr(&arm.body));
            if walk::is_conditional(&arm.attrs) && !body.is_zero() {
                self.top().unknown = true;
            }
            arms.push(body);
        }
        if !arms.is_empty() {
            self.alternatives(arms);
        }
    }

    fn visit_expr_binary(&mut self, expr: &'ast syn::ExprBinary) {
        self.visit_expr(&expr.left);
        if matches!(expr.op, syn::BinOp::And(_) | syn::BinOp::Or(_)) {
            let right = self.region(FrameKind::Branch, |c| c.visit_expr(&expr.right));
            self.maybe(right);
        } else {
            self.visit_expr(&expr.right);
        }
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                let diverge = self.region(FrameKind::Branch, |c| c.visit_expr(diverge));
                self.maybe(diverge);
            }
        }
    }

    fn visit_expr_for_loop(&mut self, expr: &'ast syn::ExprForLoop) {
        self.visit_expr(&expr.expr);
        self.looped(Some(&expr.expr), expr.label.as_ref(), &expr.body);
    }

    fn visit_expr_while(&mut self, expr: &'ast syn::ExprWhile) {
        // The condition runs once more than the body.
        let cond = self.region(FrameKind::Branch, |c| c.visit_expr(&expr.cond));
        self.maybe(cond);
        self.looped(None, expr.label.as_ref(), &expr.body);
    }

    fn visit_expr_loop(&mut self, expr: &'ast syn::ExprLoop) {
        self.looped(None, expr.label.as_ref(), &expr.body);
    }

    fn visit_expr_block(&mut self, expr: &'ast syn::ExprBlock) {
        let Some(label) = &expr.label else {
            return visit::visit_expr_block(self, expr);
        };
        let frame = self.region(FrameKind::LabeledBlock(label.name.clone()), |c| {
            c.visit_block(&expr.block);
        });
        if frame.unknown || (frame.escaped && !frame.is_zero()) {
            self.top().unknown = true;
        } else {
            self.top().add(None, frame.terms);
        }
    }

    fn visit_expr_break(&mut self, expr: &'ast syn::ExprBreak) {
        if let Some(value) = &expr.expr {
            self.visit_expr(value);
        }
        self.escape(expr.label.as_ref());
    }

    fn visit_expr_continue(&mut self, expr: &'ast syn::ExprContinue) {
        self.escape(expr.label.as_ref());
    }

    fn visit_expr_return(&mut self, expr: &'ast syn::ExprReturn) {
        visit::visit_expr_return(self, expr);
        self.early_exit = true;
    }

    fn visit_expr_try(&mut self, expr: &'ast syn::ExprTry) {
        visit::visit_expr_try(self, expr);
        self.early_exit = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn count(tokens: proc_macro2::TokenStream) -> Count {
        let block = syn::parse2(quote!({ #tokens })).unwrap();
        Count::of(&block, &Changed::of([&block]))
    }

    fn describe(tokens: proc_macro2::TokenStream) -> String {
        count(tokens).describe()
    }

    #[test]
    fn straight_line() {
        assert_eq!(describe(quote!()), "0");
        assert_eq!(describe(quote!(swap!(); let x = 1; swap!(); f(x))), "2");
        assert_eq!(describe(quote!(let b = { swap!(); 3 }; g(swap!(), b))), "2");
        assert_eq!(describe(quote!(rendezvous_lockstep::swap!(buf);)), "1");
    }

    #[test]
    fn loops() {
        assert_eq!(
            describe(quote!(swap!(); for i in 0..n { swap!(); swap!(); })),
            "1 + 2 per iteration of `for _ in 0..n`"
        );
        assert_eq!(
            describe(quote!(for _ in 0..N {
                for _ in &xs {
                    swap!();
                }
            })),
            "1 per iteration of `for _ in &xs` inside `for _ in 0..N`"
        );
        // `while` and `loop` run as often as their bodies decide.
        assert_eq!(
            describe(quote!(while go() {
                swap!();
            })),
            "unknown"
        );
        assert_eq!(
            describe(quote!(loop {
                swap!();
            })),
            "unknown"
        );
        // A loop without swaps may break as it likes.
        assert_eq!(describe(quote!(loop { if x { break; } } swap!())), "1");
        // An inner loop's break leaves only the inner loop.
        assert_eq!(
            describe(quote!(for _ in 0..3 {
                swap!();
                for y in ys {
                    break;
                }
            })),
            "1 per iteration of `for _ in 0..3`"
        );
    }

    #[test]
    fn branches() {
        assert_eq!(
            describe(quote!(if a {
                swap!();
            } else {
                swap!();
            })),
            "1"
        );
        assert_eq!(
            describe(quote!(match a {
                0 => swap!(),
                _ => {
                    swap!()
                }
            })),
            "1"
        );
        assert_eq!(
            describe(quote!(if a {
                swap!();
            })),
            "unknown"
        );
        assert_eq!(
            describe(quote!(match a {
                0 => swap!(),
                _ => {}
            })),
            "unknown"
        );
        assert_eq!(describe(quote!(let _ = a && { swap!(); true };)), "unknown");
        assert_eq!(
            describe(quote!(let Some(x) = y else { swap!(); return; };)),
            "unknown"
        );
        assert_eq!(
            describe(quote!(while {
                swap!();
                go()
            } {})),
            "unknown"
        );
    }

    #[test]
    fn early_exits() {
        assert_eq!(
            describe(quote!(for _ in 0..3 {
                swap!();
                if x {
                    break;
                }
            })),
            "unknown"
        );
        assert_eq!(
            describe(quote!('a: for _ in 0..3 {
                for _ in 0..2 {
                    swap!();
                    continue 'a;
                }
            })),
            "unknown"
        );
        assert_eq!(
            describe(quote!('b: {
                swap!();
                if x {
                    break 'b;
                }
                swap!();
            })),
            "unknown"
        );
        assert_eq!(describe(quote!(swap!(); let x = f()?;)), "unknown");
        assert_eq!(describe(quote!(if try_swap!() {})), "unknown");
        assert_eq!(describe(quote!(swap!(); while try_swap!(b) {})), "unknown");
        assert_eq!(describe(quote!(swap!(); if x { return 1; })), "unknown");
        // Without swaps, an early exit changes nothing.
        assert_eq!(describe(quote!(let x = f()?;)), "0");
        // A closure's `return` is its own.
        assert_eq!(describe(quote!(swap!(); let f = || return 1;)), "1");
    }

    #[test]
    fn only_fixed_loops_are_counted() {
        // A bound the block binds, assigns or borrows mutably.
        assert_eq!(
            describe(quote!(let n = 2; for _ in 0..n { swap!(); })),
            "unknown"
        );
        assert_eq!(
            describe(quote!(n += 1; for _ in 0..n { swap!(); })),
            "unknown"
        );
        assert_eq!(
            describe(quote!(f(&mut n); for _ in 0..n { swap!(); })),
            "unknown"
        );
        // A method called on it, or a macro given it.
        assert_eq!(
            describe(quote!(v.push(1); for _ in &v { swap!(); })),
            "unknown"
        );
        assert_eq!(
            describe(quote!(m!(n); for _ in 0..n { swap!(); })),
            "unknown"
        );
        // A call in the header.
        assert_eq!(
            describe(quote!(for _ in v.iter() {
                swap!();
            })),
            "unknown"
        );
        assert_eq!(
            describe(quote!(for _ in 0..f() {
                swap!();
            })),
            "unknown"
        );
        // A constant or import of the block's own.
        let own_const = quote! { const N: u8 = 2; for _ in 0..N { swap!(); } };
        assert_eq!(describe(own_const), "unknown");
        let imported = quote! { use m::N; for _ in 0..N { swap!(); } };
        assert_eq!(describe(imported), "unknown");
        let renamed = quote! { use m::M as N; for _ in 0..N { swap!(); } };
        assert_eq!(describe(renamed), "unknown");
        // The loop's own pattern bounds an inner loop.
        assert_eq!(
            describe(quote!(for i in 0..3 {
                for _ in 0..i {
                    swap!();
                }
            })),
            "unknown"
        );
        // Fixed: literals, constants, untouched caller names, fields.
        assert_eq!(
            describe(quote!(println!("{}", 1); for _ in 0..cfg.rounds * 2 { swap!(); })),
            "1 per iteration of `for _ in 0..cfg.rounds * 2`"
        );
    }

    #[test]
    fn cfg_and_macros() {
        assert_eq!(describe(quote!(swap!(); #[cfg(x)] swap!();)), "unknown");
        assert_eq!(
            describe(quote!(
                #[cfg(x)]
                {
                    swap!();
                }
            )),
            "unknown"
        );
        assert_eq!(describe(quote!(#[cfg(x)] let a = 1; swap!();)), "1");
        assert_eq!(
            describe(quote!(match a {
                #[cfg(x)]
                0 => swap!(),
                _ => swap!(),
            })),
            "unknown"
        );
        // A macro of the user's may expand to a `swap!`.
        assert_eq!(describe(quote!(step!(); swap!();)), "unknown");
        assert_eq!(describe(quote!(println!("x"); swap!();)), "1");
    }

    #[test]
    fn comparison() {
        let n = count(quote!(for _ in 0..n {
            swap!();
        }));
        let two_n = count(quote!(for i in 0..n {
            swap!();
            swap!();
        }));
        let three = count(quote!(swap!(); swap!(); swap!();));
        let other_loop = count(quote!(for _ in 0..3 {
            swap!();
        }));
        assert!(n.mismatch(&two_n));
        assert!(!n.mismatch(&n.clone()));
        assert!(three.mismatch(&count(quote!(swap!();))));
        // Different headers may run equally often: not proven.
        assert!(!three.mismatch(&other_loop));
        assert!(!n.mismatch(&other_loop));
        assert!(!three.mismatch(&count(quote!(if a {
            swap!();
        }))));
    }
}
