//! Expansion snapshots: each `tests/expand/NAME.rs` is expanded through
//! [`expand::lockstep`](crate::expand::lockstep), printed with
//! `prettyplease`, and compared with `tests/expand/NAME.expanded.rs`.
//!
//! Rewrite the snapshots with
//! `EXPAND=overwrite cargo test -p rendezvous-lockstep-macros snapshots`,
//! and read the diff.

use crate::expand;
use std::fs;
use std::path::Path;
use syn::visit_mut::{self, VisitMut};

/// Replaces every `lockstep!` invocation with its expansion.
struct ExpandAll;

impl ExpandAll {
    fn expansion(mac: &syn::Macro) -> Option<syn::Expr> {
        if !mac.path.is_ident("lockstep") {
            return None;
        }
        let tokens = expand::lockstep(mac.tokens.clone());
        Some(syn::parse2(tokens).expect("an expansion is an expression"))
    }
}

impl VisitMut for ExpandAll {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Macro(m) = expr
            && let Some(expansion) = ExpandAll::expansion(&m.mac)
        {
            *expr = expansion;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_stmt_mut(&mut self, stmt: &mut syn::Stmt) {
        if let syn::Stmt::Macro(m) = stmt
            && let Some(expansion) = ExpandAll::expansion(&m.mac)
        {
            *stmt = syn::Stmt::Expr(expansion, m.semi_token);
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }
}

/// The expansion of the source file `source`, pretty-printed.
fn expand_file(source: &str) -> String {
    let mut file: syn::File = syn::parse_str(source).expect("a snapshot input parses");
    ExpandAll.visit_file_mut(&mut file);
    prettyplease::unparse(&file)
}

#[test]
fn snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let overwrite = std::env::var_os("EXPAND").is_some_and(|value| value == "overwrite");
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .expect("tests/expand")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("");
            name.ends_with(".rs") && !name.ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no snapshot inputs in {}",
        dir.display()
    );
    let mut stale = Vec::new();
    for input in inputs {
        let expanded = expand_file(&fs::read_to_string(&input).expect("a snapshot input"));
        let snapshot = input.with_extension("expanded.rs");
        if overwrite {
            fs::write(&snapshot, &expanded).expect("a writable snapshot");
        } else if fs::read_to_string(&snapshot).ok().as_deref() != Some(expanded.as_str()) {
            stale.push(format!("{}:\n{expanded}", snapshot.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "expansions differ from their snapshots (EXPAND=overwrite rewrites them):\n\n{}",
        stale.join("\n")
    );
}
