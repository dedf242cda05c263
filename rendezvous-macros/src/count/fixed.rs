//! Which loop headers are fixed: a `for` loop is counted only when its
//! trip count is set before the blocks run and is the same in both, which
//! holds for expressions of literals, constants and names that no block
//! changes.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::HashSet;
use syn::visit::{self, Visit};
use syn::{Block, Expr};

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
    pub fn fixed(&self, expr: &Expr) -> bool {
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
