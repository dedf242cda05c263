//! What a block's code may not do: let its buffer outlive the pair, or,
//! in the rounds form, end one block's rounds early.

use super::Errors;
use crate::ast::BlockDef;
use crate::walk::{self, binds};
use quote::ToTokens;
use syn::Error;
use syn::visit::{self, Visit};

/// A block whose value is its buffer, `buf` or `&buf[..]`: the buffer
/// belongs to the pair, which ends with the blocks.
pub fn returned_buffer(block: &BlockDef, errors: &mut Errors) {
    let Some(binding) = &block.binding else {
        return;
    };
    let name = &binding.name;
    let Some(syn::Stmt::Expr(tail, None)) = block.body.stmts.last() else {
        return;
    };
    let rebound = block.body.stmts.iter().any(|stmt| match stmt {
        syn::Stmt::Local(local) => binds(&local.pat, name),
        _ => false,
    });
    let mut place = tail;
    while let syn::Expr::Reference(syn::ExprReference { expr, .. })
    | syn::Expr::Unary(syn::ExprUnary {
        expr,
        op: syn::UnOp::Deref(_),
        ..
    })
    | syn::Expr::Index(syn::ExprIndex { expr, .. })
    | syn::Expr::Paren(syn::ExprParen { expr, .. }) = place
    {
        place = expr;
    }
    let is_buffer = matches!(place, syn::Expr::Path(path) if path.path.is_ident(name));
    // `*buf` alone is a copy of the buffer's value, not a borrow.
    let copied = matches!(
        tail,
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Deref(_),
            ..
        })
    );
    if is_buffer && !copied && !rebound {
        errors.push(Error::new_spanned(
            tail,
            format!(
                "the `{}` block returns its buffer `{name}`, which belongs to the pair of \
                 buffers that ends with the blocks: return an owned copy, as in \
                 `{name}.clone()`, or a value computed from it",
                block.keyword,
            ),
        ));
    }
}

/// The buffer in a closure given to `thread::spawn`: a spawned thread may
/// outlive the block, and the buffer with it.
pub fn spawned_buffer(block: &BlockDef, errors: &mut Errors) {
    struct Spawns<'a> {
        name: &'a syn::Ident,
        found: Option<proc_macro2::Span>,
    }
    impl<'ast> Visit<'ast> for Spawns<'_> {
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            let spawn = matches!(&*call.func, syn::Expr::Path(path)
                if path.path.segments.len() >= 2
                    && path.path.segments.iter().rev().take(2).map(|s| s.ident.to_string()).eq(["spawn", "thread"]));
            if spawn && self.found.is_none() {
                for arg in &call.args {
                    self.found = self
                        .found
                        .or_else(|| mention(arg.to_token_stream(), self.name));
                }
            }
            visit::visit_expr_call(self, call);
        }
    }
    fn mention(tokens: proc_macro2::TokenStream, name: &syn::Ident) -> Option<proc_macro2::Span> {
        tokens.into_iter().find_map(|token| match token {
            proc_macro2::TokenTree::Ident(ident) if ident == *name => Some(ident.span()),
            proc_macro2::TokenTree::Group(group) => mention(group.stream(), name),
            _ => None,
        })
    }
    let Some(binding) = &block.binding else {
        return;
    };
    let mut spawns = Spawns {
        name: &binding.name,
        found: None,
    };
    spawns.visit_block(&block.body);
    if let Some(span) = spawns.found {
        let name = &binding.name;
        errors.at(
            span,
            format!(
                "the buffer `{name}` cannot go to a thread from `thread::spawn`: that thread \
                 may outlive the `{}` block, and the buffer belongs to the pair, which ends \
                 with the blocks; send an owned copy (`{name}.clone()`), or use \
                 `std::thread::scope`, whose threads end before the next `swap!`",
                block.keyword,
            ),
        );
    }
}

/// The early exits of a rounds-form block that would end one block's
/// rounds: `break`, `continue`, `return` and `?`, outside the foreign
/// regions [`walk`] names (whose exits are their own) and, for `break` and
/// `continue`, outside the block's own loops.
pub fn early_exits(block: &BlockDef, errors: &mut Errors) {
    Exits { loops: 0, errors }.visit_block(&block.body);
}

/// The visitor of [`early_exits`].
struct Exits<'e> {
    /// Loops around the current node.
    loops: usize,
    errors: &'e mut Errors,
}

impl Exits<'_> {
    fn looped(&mut self, f: impl FnOnce(&mut Self)) {
        self.loops += 1;
        f(self);
        self.loops -= 1;
    }
}

impl<'ast> Visit<'ast> for Exits<'_> {
    walk::own_code_only!(Visit);

    fn visit_expr_for_loop(&mut self, expr: &'ast syn::ExprForLoop) {
        self.visit_expr(&expr.expr);
        self.looped(|exits| exits.visit_block(&expr.body));
    }

    fn visit_expr_while(&mut self, expr: &'ast syn::ExprWhile) {
        self.visit_expr(&expr.cond);
        self.looped(|exits| exits.visit_block(&expr.body));
    }

    fn visit_expr_loop(&mut self, expr: &'ast syn::ExprLoop) {
        self.looped(|exits| exits.visit_block(&expr.body));
    }

    fn visit_expr_break(&mut self, expr: &'ast syn::ExprBreak) {
        if expr.label.is_none() && self.loops == 0 {
            self.errors.at(
                expr.break_token.span,
                "`break` cannot end the rounds of one block only: its partner would wait for \
                 a round this block never runs; to stop early, drop the `for ...;` header and \
                 write the loop, with its `swap!`, in both blocks",
            );
        }
        visit::visit_expr_break(self, expr);
    }

    fn visit_expr_continue(&mut self, expr: &'ast syn::ExprContinue) {
        if expr.label.is_none() && self.loops == 0 {
            self.errors.at(
                expr.continue_token.span,
                "`continue` would skip the swap that ends this round, which the partner block \
                 waits for; skip the rest of the round's work with `if` or `else` instead",
            );
        }
        visit::visit_expr_continue(self, expr);
    }

    fn visit_expr_return(&mut self, expr: &'ast syn::ExprReturn) {
        self.errors.at(
            expr.return_token.span,
            "`return` cannot end the rounds of one block only: its partner would wait for \
             a round this block never runs; skip the rest of the round's work with `if` or \
             `else` instead",
        );
        visit::visit_expr_return(self, expr);
    }

    fn visit_expr_try(&mut self, expr: &'ast syn::ExprTry) {
        self.errors.at(
            expr.question_token.span,
            "`?` cannot end the rounds of one block only: its partner would wait for a \
             round this block never runs; handle the error within the round, with `match` \
             or `if let`",
        );
        visit::visit_expr_try(self, expr);
    }
}
