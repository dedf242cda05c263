//! A block's control flow, followed to its swap count: straight-line code
//! adds, branches must agree, a fixed `for` loop multiplies, and anything
//! whose count the block decides at run time makes the count unknown.

use super::fixed::Changed;
use super::{Term, same_loops, same_terms};
use crate::walk::{self, MacroCall, SwapKind};
use syn::visit::{self, Visit};
use syn::{Block, Expr, Label, Lifetime};

/// The terms of the swap count of a block body, or `None` if it is not
/// known before the block runs; loops over names in `changed` are not
/// counted.
pub fn terms(body: &Block, changed: &Changed) -> Option<Vec<Term>> {
    let mut counter = Counter {
        frames: vec![Frame::new(FrameKind::Root)],
        early_exit: false,
        changed,
    };
    counter.visit_block(body);
    let root = counter.frames.pop().expect("the root frame");
    if root.unknown || (counter.early_exit && !root.is_zero()) {
        None
    } else {
        Some(root.terms)
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
    terms: Vec<Term>,
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
    fn add(&mut self, prefix: Option<&Expr>, terms: Vec<Term>) {
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
    // (`valid` rejects `swap!` there), and its `return`s are its own.
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
