//! Static swap counting, for the swap-count check of [`check`](crate::check).
//!
//! A block's swap count is a sum of terms: a constant for the `swap!`s in
//! straight-line code, plus, for every loop that contains `swap!`s, the count
//! of one iteration "per iteration" of that loop's header. A count is
//! [`Count::Unknown`] where control flow makes it depend on run-time values:
//! `swap!`s under `if`, `match`, `&&`/`||` or `let ... else` whose branches
//! differ, loops that `break` or `continue` around `swap!`s, and blocks that
//! `return` or use `?` anywhere. The runtime catches those mismatches.
//!
//! Two blocks are compared only if their loop headers match token for token
//! (see [`Count::mismatch`]); loops with different headers may still run
//! equally often, so they are left to the runtime too.

use crate::ast::{is_lockstep, is_swap};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::visit::{self, Visit};
use syn::{Block, Expr, Label, Lifetime};

/// A block's swap count: `None` if not statically known, else a sum of
/// terms keyed by the loop headers around them, outermost first (the empty
/// key holds the straight-line swaps).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Count {
    terms: Option<BTreeMap<Vec<String>, u64>>,
}

impl Count {
    /// Counts the `swap!`s of a block body.
    pub fn of(body: &Block) -> Count {
        let mut counter = Counter {
            frames: vec![Frame::new(FrameKind::Root)],
            early_exit: false,
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

    /// Whether both counts are known, have the same loop headers, and
    /// still differ: then the blocks cannot swap equally often (unless
    /// those loops run zero times).
    pub fn mismatch(&self, other: &Count) -> bool {
        match (&self.terms, &other.terms) {
            (Some(a), Some(b)) => {
                let loops = |terms: &BTreeMap<Vec<String>, u64>| {
                    terms
                        .keys()
                        .filter(|key| !key.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                };
                a != b && loops(a) == loops(b)
            }
            _ => false,
        }
    }

    /// The count in words, such as `3` or `1 + 2 per iteration of
    /// `for i in 0..n``.
    pub fn describe(&self) -> String {
        let Some(terms) = &self.terms else {
            return "unknown".to_owned();
        };
        let mut parts = Vec::new();
        for (key, n) in terms {
            if key.is_empty() {
                parts.insert(0, n.to_string());
            } else {
                let loops: Vec<String> = key.iter().rev().map(|h| format!("`{h}`")).collect();
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
    terms: BTreeMap<Vec<String>, u64>,
    /// Some swap count in here depends on run-time values.
    unknown: bool,
    /// A `break` or `continue` leaves this loop or labeled block early.
    escaped: bool,
}

impl Frame {
    fn new(kind: FrameKind) -> Frame {
        Frame {
            kind,
            terms: BTreeMap::new(),
            unknown: false,
            escaped: false,
        }
    }

    fn is_zero(&self) -> bool {
        !self.unknown && self.terms.is_empty()
    }

    /// Adds `terms`, each prefixed by `prefix`.
    fn add(&mut self, prefix: Option<&str>, terms: BTreeMap<Vec<String>, u64>) {
        for (key, n) in terms {
            let key = prefix.map(str::to_owned).into_iter().chain(key).collect();
            *self.terms.entry(key).or_insert(0) += n;
        }
    }
}

/// The visitor that counts; `frames` follows the control flow.
struct Counter {
    frames: Vec<Frame>,
    /// The block can `return` early (`return`, `?`).
    early_exit: bool,
}

impl Counter {
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
            .all(|branch| !branch.unknown && branch.terms == first.terms);
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

    /// Visits a loop body and adds its swaps per iteration of `header`.
    fn looped(&mut self, header: String, label: Option<&Label>, body: &Block) {
        let label = label.map(|label| label.name.clone());
        let frame = self.region(FrameKind::Loop(label), |c| c.visit_block(body));
        if frame.is_zero() {
            return;
        }
        if frame.unknown || frame.escaped {
            self.top().unknown = true;
        } else {
            self.top().add(Some(&header), frame.terms);
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

/// The header of a loop as a string, without its label: the key that
/// must match token for token in both blocks, and its text in messages.
fn header(tokens: impl ToTokens) -> String {
    let mut text = String::new();
    print(tokens.to_token_stream(), &mut text);
    text
}

/// Appends `tokens` to `text`, spaced about as rustfmt would: `0..n`,
/// `xs.iter()`, `(i, x)`, `&v`, `vec![]`.
fn print(tokens: TokenStream, text: &mut String) {
    /// Keywords that a following group keeps a space from.
    const KEYWORDS: &[&str] = &[
        "for", "in", "while", "let", "if", "match", "as", "mut", "move",
    ];
    let mut prev: Option<TokenTree> = None;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let space = match (&prev, &token) {
            (None, _) => false,
            // Inside `..`, `::`, `->` and the like.
            (Some(TokenTree::Punct(p)), _) if p.spacing() == Spacing::Joint => false,
            // After `.`, `::`, `..`, `..=`, a macro's `!` and a prefix `&`,
            // `!`, `*`, `-`.
            (Some(TokenTree::Punct(p)), _) if matches!(p.as_char(), '.' | ':') => false,
            (Some(TokenTree::Punct(p)), _) if text.ends_with("..=") && p.as_char() == '=' => false,
            (Some(TokenTree::Punct(p)), _) if matches!(p.as_char(), '&' | '!' | '*' | '-') => {
                let before = &text[..text.len() - 1];
                let bang = p.as_char() == '!' && before.ends_with(|c: char| c.is_alphanumeric());
                let prefix = unary_context(before) && !text.ends_with("&&");
                !bang && !prefix
            }
            (_, TokenTree::Punct(p)) if matches!(p.as_char(), '.' | ',' | ';' | '?') => false,
            (_, TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint => {
                false
            }
            // A macro's `!`.
            (Some(TokenTree::Ident(_)), TokenTree::Punct(p)) if p.as_char() == '!' => {
                !matches!(tokens.peek(), Some(TokenTree::Group(_)))
            }
            // A call or an index: `f(x)`, `v[i]`, but `in (a, b)`.
            (Some(TokenTree::Ident(ident)), TokenTree::Group(group)) => {
                group.delimiter() == Delimiter::Brace
                    || KEYWORDS.iter().any(|keyword| ident == keyword)
            }
            (Some(TokenTree::Group(_) | TokenTree::Literal(_)), TokenTree::Group(group)) => {
                group.delimiter() == Delimiter::Brace
            }
            _ => true,
        };
        if space {
            text.push(' ');
        }
        match &token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                text.push_str(open);
                print(group.stream(), text);
                text.push_str(close);
            }
            token => text.push_str(&token.to_string()),
        }
        prev = Some(token);
    }
}

/// Whether an operator after `before` is a prefix one, as `&` in `in &xs`.
fn unary_context(before: &str) -> bool {
    let before = before.trim_end();
    before.is_empty()
        || before.ends_with(['(', '[', '{', ',', '=', '&', '!', '*', '-', '<', '>', '|'])
        || [" in", " if", " while", " match", " let", "for", " return"]
            .iter()
            .any(|keyword| before.ends_with(keyword) || before == keyword.trim_start())
}

impl<'ast> Visit<'ast> for Counter {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if is_swap(mac) && !is_lockstep(mac) {
            *self.top().terms.entry(Vec::new()).or_insert(0) += 1;
        }
    }

    // Code that runs elsewhere or later holds no swap points of this block
    // (`check` rejects `swap!` there), and its `return`s are its own.
    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
    fn visit_expr_const(&mut self, _: &'ast syn::ExprConst) {}
    fn visit_item(&mut self, _: &'ast syn::Item) {}

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
            if let Some((_, guard)) = &arm.guard {
                let guard = self.region(FrameKind::Branch, |c| c.visit_expr(guard));
                self.maybe(guard);
            }
            arms.push(self.region(FrameKind::Branch, |c| c.visit_expr(&arm.body)));
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
        let (pat, iter) = (&expr.pat, &expr.expr);
        let key = header(quote::quote!(for #pat in #iter));
        self.looped(key, expr.label.as_ref(), &expr.body);
    }

    fn visit_expr_while(&mut self, expr: &'ast syn::ExprWhile) {
        // The condition runs once more than the body.
        let cond = self.region(FrameKind::Branch, |c| c.visit_expr(&expr.cond));
        self.maybe(cond);
        let cond = &expr.cond;
        let key = header(quote::quote!(while #cond));
        self.looped(key, expr.label.as_ref(), &expr.body);
    }

    fn visit_expr_loop(&mut self, expr: &'ast syn::ExprLoop) {
        self.looped("loop".to_owned(), expr.label.as_ref(), &expr.body);
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

    fn visit_expr(&mut self, expr: &'ast Expr) {
        visit::visit_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn count(tokens: proc_macro2::TokenStream) -> Count {
        Count::of(&syn::parse2(quote!({ #tokens })).unwrap())
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
            "1 + 2 per iteration of `for i in 0..n`"
        );
        assert_eq!(
            describe(quote!(while go() {
                loop {
                    swap!();
                }
            })),
            "1 per iteration of `loop` inside `while go()`"
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
        assert_eq!(describe(quote!(swap!(); if x { return 1; })), "unknown");
        // Without swaps, an early exit changes nothing.
        assert_eq!(describe(quote!(let x = f()?;)), "0");
        // A closure's `return` is its own.
        assert_eq!(describe(quote!(swap!(); let f = || return 1;)), "1");
    }

    #[test]
    fn headers_read_like_code() {
        let cases = [
            quote!(for i in 0..n),
            quote!(for (i, x) in xs.iter().enumerate()),
            quote!(for x in &v[1..=3]),
            quote!(while let Some(x) = q.pop()),
            quote!(while !done && *n > -1),
            quote!(for p in vec![a::b(), c()]),
            quote!(while i < n.len() - 1),
        ];
        let texts: Vec<String> = cases.into_iter().map(header).collect();
        assert_eq!(
            texts,
            [
                "for i in 0..n",
                "for (i, x) in xs.iter().enumerate()",
                "for x in &v[1..=3]",
                "while let Some(x) = q.pop()",
                "while !done && *n > -1",
                "for p in vec![a::b(), c()]",
                "while i < n.len() - 1",
            ]
        );
    }

    #[test]
    fn comparison() {
        let n = count(quote!(for i in 0..n {
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
