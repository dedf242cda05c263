//! Check phase: every misuse of `lockstep!` and `swap!` the macro can see,
//! each as an error whose span is on the offending token.
//!
//! - the block structure: exactly one `left` and one `right` block, no
//!   unknown keyword, no repeated or third block;
//! - the form: both blocks bind a buffer or neither does, and a buffer type
//!   `<T>` comes with bindings;
//! - every `swap!`: not inside a closure, async block, const block, nested
//!   item, or another macro's arguments (it could not be paired there); its
//!   argument is the block's binding (or nothing in the barrier form); none
//!   at all in the rounds form, which swaps by itself;
//! - the rounds form: no `break`, `continue`, `return` or `?` that would end
//!   one side's rounds early;
//! - every `swap!` that names the buffer where a `let`, a pattern or a
//!   closure parameter has rebound its name, and every `swap!` in an
//!   initializer or the rounds header, which is no block's code.
//!
//! Whether the blocks swap equally often is not checked here, but by
//! [`count`](crate::count), once nothing here is wrong.
//!
//! Where a `swap!` stands is decided by [`walk`].

use crate::ast::{BlockDef, Input, Which};
use crate::walk::{self, Foreign, SwapKind, SwapPoint};
use proc_macro2::Span;
use quote::ToTokens;
use syn::Error;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// A checked invocation: the two blocks, by role.
pub struct Plan<'a> {
    /// The block that runs on the calling thread.
    pub left: &'a BlockDef,
    /// The block that runs on a scoped thread.
    pub right: &'a BlockDef,
}

/// Checks `input`, and returns all errors found, combined.
pub fn check(input: &Input) -> Result<Plan<'_>, Error> {
    let mut errors = Errors::default();
    let plan = blocks(input, &mut errors);
    if let Some(plan) = &plan {
        form(input, plan, &mut errors);
    }
    outside_blocks(input, &mut errors);
    for block in &input.blocks {
        options(block, &mut errors);
        if let (Some(side), Some(binding)) = (&block.side, &block.binding)
            && side.name == binding.name
        {
            errors.at(
                side.name.span(),
                format!(
                    "`{}` already names the block's buffer: give the side another name, \
                         as in `as side`",
                    binding.name
                ),
            );
        }
        if let (Some(side), Some(_)) = (&block.side, &input.rounds) {
            errors.at(
                side.as_token.span,
                "a block of the rounds form cannot name its side: `lockstep!` swaps once \
                 per round by itself, and a helper that swaps through the side would break \
                 the rounds; drop the `for ... in ...;` header and write the loop in both \
                 blocks to hand the side to helpers",
            );
        }
        swap_points(input, block, &mut errors);
        returned_buffer(block, &mut errors);
        spawned_buffer(block, &mut errors);
        if input.rounds.is_some() {
            Exits::check(block, &mut errors);
        }
    }
    match (errors.0, plan) {
        (Some(error), _) => Err(error),
        (None, Some(plan)) => Ok(plan),
        (None, None) => unreachable!("a missing block is an error"),
    }
}

/// Errors gathered so far, combined into one.
#[derive(Default)]
struct Errors(Option<Error>);

impl Errors {
    fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.push(Error::new(span, message));
    }
}

/// Finds the `left` and `right` block, or reports why it cannot: one error
/// on each block that is unknown, repeated or third, none on the valid
/// blocks around it.
fn blocks<'a>(input: &'a Input, errors: &mut Errors) -> Option<Plan<'a>> {
    let (mut left, mut right) = (None, None);
    let mut misplaced = false;
    for block in &input.blocks {
        let keyword = &block.keyword;
        let Some(which) = block.which() else {
            errors.at(
                keyword.span(),
                format!(
                    "unknown block `{keyword}`: the blocks of `lockstep!` are named \
                     `left` (runs on the calling thread) and `right` (runs on a new thread)"
                ),
            );
            misplaced = true;
            continue;
        };
        if left.is_some() && right.is_some() {
            errors.at(
                keyword.span(),
                format!(
                    "a third block: `lockstep!` runs exactly two blocks, `left` and `right`; \
                     remove this `{keyword}` block or merge it into one of the others"
                ),
            );
            misplaced = true;
            continue;
        }
        let (slot, other) = match which {
            Which::Left => (&mut left, "right"),
            Which::Right => (&mut right, "left"),
        };
        if slot.is_some() {
            errors.at(
                keyword.span(),
                format!(
                    "a second `{keyword}` block: `lockstep!` takes one `left` and one `right` \
                     block; rename this one `{other}`"
                ),
            );
            misplaced = true;
            continue;
        }
        *slot = Some(block);
    }
    match (left, right) {
        (Some(left), Some(right)) => {
            return Some(Plan { left, right });
        }
        _ if misplaced => {}
        (Some(only), None) | (None, Some(only)) => {
            let (have, missing) = match only.which() {
                Some(Which::Left) => ("left", "right"),
                _ => ("right", "left"),
            };
            errors.at(
                only.keyword.span(),
                format!(
                    "this `{have}` block has no partner: add a `{missing} {{ ... }}` block, \
                     which runs in lockstep with it"
                ),
            );
        }
        (None, None) => errors.at(
            Span::call_site(),
            "`lockstep!` needs two blocks: `left { ... } right { ... }`",
        ),
    }
    None
}

/// A block whose value is its buffer, `buf` or `&buf[..]`: the buffer
/// belongs to the pair, which ends with the blocks.
fn returned_buffer(block: &BlockDef, errors: &mut Errors) {
    let Some(binding) = &block.binding else {
        return;
    };
    let name = &binding.name;
    let Some(syn::Stmt::Expr(tail, None)) = block.body.stmts.last() else {
        return;
    };
    let rebound = block.body.stmts.iter().any(|stmt| match stmt {
        syn::Stmt::Local(local) => walk::binds(&local.pat, name),
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
fn spawned_buffer(block: &BlockDef, errors: &mut Errors) {
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

/// `swap!` in an initializer or the rounds header: no block runs there yet.
fn outside_blocks(input: &Input, errors: &mut Errors) {
    let inits = input
        .blocks
        .iter()
        .filter_map(|block| block.binding.as_ref())
        .map(|binding| (&binding.init, "a buffer's initializer"));
    let header = input
        .rounds
        .iter()
        .map(|rounds| (&rounds.expr, "the rounds header"));
    for (expr, what) in inits.chain(header) {
        for point in walk::swap_points_in_expr(expr) {
            let mac = point.kind.name();
            errors.at(
                point.span,
                format!(
                    "`{mac}` goes only in the code of a block, not in {what}: it is \
                     evaluated before the blocks run, where there is no partner to meet"
                ),
            );
        }
    }
}

/// Both blocks bind a buffer or neither does; `<T>` needs bindings.
fn form(input: &Input, plan: &Plan<'_>, errors: &mut Errors) {
    match (&plan.left.binding, &plan.right.binding) {
        (Some(binding), None) | (None, Some(binding)) => {
            let (with, without) = if plan.left.binding.is_some() {
                (plan.left, plan.right)
            } else {
                (plan.right, plan.left)
            };
            let name = &binding.name;
            errors.at(
                without.keyword.span(),
                format!(
                    "the `{}` block binds a buffer, so this block needs one too: \
                     `{} |{name} = ...| {{ ... }}`",
                    with.keyword, without.keyword,
                ),
            );
        }
        (None, None) => {
            if let Some(ty) = &input.ty {
                errors.at(
                    ty.ty.span(),
                    "a buffer type needs buffer bindings: write `left |buf = ...| { ... }` \
                     and `right |buf = ...| { ... }`, or remove the `<...>`",
                );
            }
        }
        (Some(_), Some(_)) => {}
    }
}

/// The options of a block: each known to the block, given once, and at
/// least one between the parentheses.
fn options(block: &BlockDef, errors: &mut Errors) {
    let (Some(options), Some(which)) = (&block.options, block.which()) else {
        return;
    };
    let keyword = &block.keyword;
    let valid = match which {
        Which::Left => "the `left` block's only option is `waiting = ..` (a `Waiting`)",
        Which::Right => {
            "the `right` block's options are `name = ..` (its thread's name), \
             `stack_size = ..` (its thread's stack size in bytes) and `waiting = ..` (a \
             `Waiting`)"
        }
    };
    if options.list.is_empty() {
        errors.at(
            options.paren.span.join(),
            format!("empty options: {valid}; give one, or remove the `()` after `{keyword}`"),
        );
    }
    let mut seen: Vec<&syn::Ident> = Vec::new();
    for option in &options.list {
        let name = &option.name;
        let known = ["name", "stack_size", "waiting"]
            .iter()
            .any(|known| name == known);
        if !known {
            errors.at(name.span(), format!("unknown option `{name}`: {valid}"));
        } else if which == Which::Left && name != "waiting" {
            errors.at(
                name.span(),
                format!(
                    "`{name}` is an option of the `right` block only: the left block runs on \
                     the calling thread, which `lockstep!` does not start; write \
                     `right({name} = ..)`"
                ),
            );
        } else if let Some(first) = seen.iter().find(|seen| **seen == name) {
            let first = match position(first.span()) {
                Some((line, column)) => format!(", first at line {line}, column {column}"),
                None => String::new(),
            };
            errors.at(
                name.span(),
                format!("the option `{name}` is given twice{first}: give each option once"),
            );
        }
        seen.push(name);
    }
}

/// Checks every `swap!` of `block`, as [`walk`] finds them.
fn swap_points(input: &Input, block: &BlockDef, errors: &mut Errors) {
    let binding = block.binding.as_ref().map(|binding| &binding.name);
    let side = block.side.as_ref().map(|side| &side.name);
    for point in walk::swap_points(&block.body, binding, side) {
        if let Some(error) = swap_point(input, block, &point) {
            errors.push(error);
        }
    }
}

/// What is wrong with one swap point, if anything.
fn swap_point(input: &Input, block: &BlockDef, point: &SwapPoint) -> Option<Error> {
    let keyword = &block.keyword;
    let binding = block.binding.as_ref().map(|binding| &binding.name);
    let mac = point.kind.name();
    if input.rounds.is_some() {
        return Some(Error::new_spanned(
            &point.tokens,
            format!(
                "remove this `{mac}`: in the rounds form (`for ... in ...;` before the \
                 blocks), `lockstep!` already swaps once at the end of every round; to place \
                 swap points yourself, drop the `for` header and write the loop in both blocks"
            ),
        ));
    }
    if let Some(foreign) = &point.foreign {
        let mut message = placement(point.kind, foreign);
        if let (Some(shadow), Some(binding)) = (&point.shadow, binding) {
            message.push_str(&format!(
                "; and the `{binding}` here is {}{}, not the block's buffer",
                shadow.what,
                at(shadow.span),
            ));
        }
        return Some(match foreign {
            Foreign::MacroArgs(_) => Error::new(point.span, message),
            _ => Error::new_spanned(&point.tokens, message),
        });
    }
    let arg = match &point.arg {
        Ok(arg) => arg.as_ref(),
        Err(error) => return Some(error.clone()),
    };
    if let Some(arg) = arg.filter(|arg| binding != Some(*arg) && input.outer.contains(arg)) {
        let own = match binding {
            Some(binding) => format!("its own buffer, `{mac}({binding})`"),
            None => format!("`{mac}()`"),
        };
        return Some(Error::new(
            arg.span(),
            format!(
                "an inner `lockstep!` cannot swap the outer pair: `{arg}` is the buffer of \
                 a block around this `lockstep!`, and the `{keyword}` block here meets only \
                 its own partner, with {own}. To chain two pairs, name the outer block's \
                 side (`|{arg} = ..| as outer`) and call `outer.swap()` or \
                 `outer.try_swap()` in the inner block (see \"Chaining pairs\" in the \
                 README); or let the inner `lockstep!` return what it made, then fill \
                 `{arg}` from it and `swap!({arg})` in the outer block, after it"
            ),
        ));
    }
    if let (Some(shadow), Some(side)) = (&point.side_shadow, &block.side) {
        let side = &side.name;
        return Some(Error::new_spanned(
            &point.tokens,
            format!(
                "`{mac}` swaps through the block's side `{side}`, which {}{} hides here; \
                 give the other binding another name",
                shadow.what,
                at(shadow.span),
            ),
        ));
    }
    match (binding, arg) {
        (Some(binding), Some(arg)) if binding == arg => point.shadow.as_ref().map(|shadow| {
            Error::new(
                arg.span(),
                format!(
                    "`{binding}` here is not the block's buffer: {}{} rebinds the name. \
                     `{mac}({binding})` trades the block's own buffer, which that binding \
                     only hides: it would hand the partner the block's buffer and leave this \
                     `{binding}` as it is; give the other binding another name",
                    shadow.what,
                    at(shadow.span),
                ),
            )
        }),
        (Some(binding), Some(arg)) => Some(Error::new(
            arg.span(),
            format!(
                "this block's buffer is `{binding}`, not `{arg}`: write `{mac}({binding})`, \
                 which rebinds `{binding}` to the buffer the partner had"
            ),
        )),
        (Some(binding), None) => Some(Error::new_spanned(
            &point.tokens,
            format!(
                "this block swaps its buffer `{binding}`: write `{mac}({binding})`, which \
                 rebinds `{binding}` to the buffer the partner had"
            ),
        )),
        (None, Some(arg)) => Some(Error::new(
            arg.span(),
            format!(
                "the `{keyword}` block binds no buffer, so there is no `{arg}` to swap: write \
                 `{mac}()` for a pure rendezvous, or give both blocks a buffer, as in \
                 `{keyword} |{arg} = ...| {{ ... }}`"
            ),
        )),
        (None, None) => None,
    }
}

/// Where `span` starts, as ` (line L, column C)`, when the compiler tells.
fn at(span: Span) -> String {
    match position(span) {
        Some((line, column)) => format!(" (line {line}, column {column})"),
        None => String::new(),
    }
}

/// The line and column (both from 1) where `span` starts, asked of the
/// compiler: `None` outside a macro invocation (in this crate's own unit
/// tests). proc-macro2 would tell too, but only with its `span-locations`
/// feature, which would turn it on for every other macro in a user's build.
fn position(span: Span) -> Option<(usize, usize)> {
    if !proc_macro::is_available() {
        return None;
    }
    let start = span.unwrap().start();
    Some((start.line(), start.column()))
}

/// Why a `swap!` (or `try_swap!`, the `kind`) cannot be paired in
/// `foreign`.
fn placement(kind: SwapKind, foreign: &Foreign) -> String {
    let (mac, method) = (kind.name(), kind.method());
    let helper = format!(
        "; or name the block's side (`left |buf = ..| as side {{ .. }}`) and call \
         `side.{method}()` in it"
    );
    match foreign {
        Foreign::Closure => format!(
            "`{mac}` cannot be paired inside a closure: the closure may run any number of \
             times, at any time; call `{mac}` in the block's own code, outside the \
             closure{helper}"
        ),
        Foreign::Async => format!(
            "`{mac}` cannot be paired inside an async block: its code runs whenever the \
             future is polled, if ever; call `{mac}` in the block's own code, outside the \
             async block"
        ),
        Foreign::Const => format!(
            "`{mac}` cannot run inside a const block: it runs at compile time; call `{mac}` \
             in the block's own code"
        ),
        Foreign::Item(kind) => format!(
            "`{mac}` cannot be paired inside a nested {kind}: it runs whenever it is \
             called, if ever, and cannot reach the block's end of the pair; call `{mac}` in \
             the block's own code, and let the {kind} return what it computes{helper}"
        ),
        Foreign::MacroArgs(name) => format!(
            "`lockstep!` cannot see this `{mac}` inside the arguments of `{name}!`, \
             where it could not be paired; call `{mac}` outside the `{name}!` call"
        ),
    }
}

/// The early exits of a rounds-form block that would end one block's
/// rounds: `break`, `continue`, `return` and `?`, outside the foreign
/// regions [`walk`] names (whose exits are their own) and, for `break` and
/// `continue`, outside the block's own loops.
struct Exits<'e> {
    /// Loops around the current node.
    loops: usize,
    errors: &'e mut Errors,
}

impl Exits<'_> {
    fn check(block: &BlockDef, errors: &mut Errors) {
        Exits { loops: 0, errors }.visit_block(&block.body);
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;
    use quote::quote;

    /// The messages of all errors `check` finds.
    fn errors(tokens: TokenStream) -> Vec<String> {
        let input = Input::parse_tokens(tokens).unwrap();
        match check(&input) {
            Ok(_) => Vec::new(),
            Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    fn one_error(tokens: TokenStream) -> String {
        let mut errors = errors(tokens);
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    }

    #[test]
    fn valid() {
        assert!(
            errors(quote!(left { swap!(); } right { rendezvous_lockstep::swap!(); })).is_empty()
        );
        assert!(
            errors(quote!(
                <u8> left |a = 1| { swap!(a); } right |b = 2| { if x { swap!(b) } else { swap!(b) } }
            ))
            .is_empty()
        );
        assert!(
            errors(quote!(for t in 0..9; left { f(t); } right { for _ in 0..3 { break; } }))
                .is_empty()
        );
        // A nested lockstep! checks its own swaps.
        assert!(
            errors(quote!(left { lockstep!(left { swap!(); } right { swap!(); }) } right {}))
                .is_empty()
        );
    }

    #[test]
    fn try_swap_and_named_sides() {
        assert!(
            errors(quote!(
                left |a = 1| as side { while try_swap!(a) { f(side); } } right |a = 2| { swap!(a); }
            ))
            .is_empty()
        );
        assert!(errors(quote!(left { try_swap!(); } right {})).is_empty());
        assert!(errors(quote!(left as side { g(side); } right { swap!(); })).is_empty());
        assert!(one_error(quote!(left { let f = || try_swap!(); } right {})).contains("closure"));
        assert!(
            one_error(quote!(left |a = 1| { try_swap!(b); } right |a = 2| {}))
                .contains("write `try_swap!(a)`")
        );
        assert!(
            one_error(quote!(left as side { let side = 1; swap!(); } right {}))
                .contains("swaps through the block's side `side`")
        );
        assert!(
            one_error(quote!(left |s = 1| as s {} right |s = 2| {}))
                .contains("already names the block's buffer")
        );
        assert!(
            one_error(quote!(for t in 0..3; left as side {} right {}))
                .contains("cannot name its side")
        );
    }

    #[test]
    fn options() {
        let valid = quote!(left(waiting = w) {} right(name = "n", stack_size = 1, waiting = w,) {});
        assert!(errors(valid).is_empty());
        assert!(one_error(quote!(left() {} right {})).contains("empty options"));
        assert!(one_error(quote!(left {} right(nam = 1) {})).contains("unknown option `nam`"));
        assert!(
            one_error(quote!(left(stack_size = 1) {} right {}))
                .contains("an option of the `right` block only")
        );
        assert!(
            one_error(quote!(left {} right(waiting = a, waiting = b) {})).contains("given twice")
        );
    }

    #[test]
    fn structure() {
        assert!(one_error(quote!(left {})).contains("no partner: add a `right"));
        assert!(one_error(quote!(right {})).contains("no partner: add a `left"));
        assert!(one_error(quote!()).contains("needs two blocks"));
        assert!(one_error(quote!(left {} left {})).contains("a second `left` block"));
        assert!(one_error(quote!(left {} right {} right {})).contains("a third block"));
        assert!(one_error(quote!(left {} middle {})).contains("unknown block `middle`"));
        // One mistake, one error: not also "a third block" on `right`.
        assert!(one_error(quote!(left {} left {} right {})).contains("a second `left`"));
        assert!(one_error(quote!(left {} middle {} right {})).contains("unknown block"));
    }

    #[test]
    fn form() {
        assert!(one_error(quote!(left |b = 1| {} right {})).contains("`right |b = ...|"));
        assert!(one_error(quote!(<u8> left {} right {})).contains("a buffer type needs"));
    }

    #[test]
    fn swap_placement() {
        let closure = quote!(left { let f = || swap!(); } right { swap!(); });
        assert!(one_error(closure).contains("inside a closure"));
        let in_async = quote!(left { async { swap!() }; } right {});
        assert!(one_error(in_async).contains("inside an async block"));
        let in_fn = quote!(left { fn f() { swap!(); } } right {});
        assert!(one_error(in_fn).contains("inside a nested fn"));
        let hidden = quote!(left { println!("{:?}", swap!()); } right {});
        assert!(one_error(hidden).contains("inside the arguments of `println!`"));
    }

    #[test]
    fn swap_arguments() {
        let unknown = quote!(left |buf = 1| { swap!(bfu); } right |buf = 2| { swap!(buf); });
        assert!(one_error(unknown).contains("buffer is `buf`, not `bfu`"));
        let missing = quote!(left |buf = 1| { swap!(); } right |buf = 2| { swap!(buf); });
        assert!(one_error(missing).contains("write `swap!(buf)`"));
        let barrier = quote!(left { swap!(buf); } right { swap!(); });
        assert!(one_error(barrier).contains("binds no buffer"));
        let garbage = quote!(left { swap!(1 + 2); } right { swap!(); });
        assert!(one_error(garbage).contains("takes the block's buffer binding"));
    }

    #[test]
    fn rounds() {
        let swap = quote!(for t in 0..3; left { swap!(); } right {});
        assert!(one_error(swap).contains("already swaps once"));
        let exits = quote!(
            for t in 0..3;
            left { if t == 1 { continue; } if t == 2 { break; } }
            right { let x = f()?; return; }
        );
        let errors = errors(exits);
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("`continue`") && errors[1].starts_with("`break`"));
        assert!(errors[2].starts_with("`?`") && errors[3].starts_with("`return`"));
    }

    #[test]
    fn shadowing() {
        let shadowed = |code: TokenStream| {
            one_error(quote!(left |buf = 1| { #code } right |buf = 2| { swap!(buf); }))
        };
        let by_let = shadowed(quote!(let buf = &mut x; swap!(buf);));
        assert!(
            by_let.contains("`buf` here is not the block's buffer: the `let`"),
            "{by_let}"
        );
        let by_for = shadowed(quote!(for buf in xs {
            swap!(buf);
        }));
        assert!(by_for.contains("the `for` pattern"), "{by_for}");
        let by_arm = shadowed(quote!(match x {
            Some(buf) => swap!(buf),
            None => {}
        }));
        assert!(by_arm.contains("the `match` arm's pattern"), "{by_arm}");
        let by_if_let = shadowed(quote!(if let Some(buf) = x {
            swap!(buf);
        }));
        assert!(by_if_let.contains("the `let` pattern"), "{by_if_let}");
        let by_param = shadowed(quote!(let f = |buf: u8| swap!(buf);));
        assert!(by_param.contains("inside a closure"), "{by_param}");
        assert!(by_param.contains("the closure parameter"), "{by_param}");
        // A binding's scope ends with its block.
        let scoped = quote!(
            left |buf = 1| { { let buf = 3; } swap!(buf); }
            right |buf = 2| { if let Some(buf) = x {} swap!(buf); }
        );
        assert!(errors(scoped).is_empty());
    }

    #[test]
    fn returned_buffer() {
        let returned = quote!(left |buf = 1| { swap!(buf); buf } right |buf = 2| { swap!(buf); });
        assert!(one_error(returned).contains("returns its buffer `buf`"));
        let borrowed = quote!(left |buf = 1| { &buf[1..] } right |buf = 2| {});
        assert!(one_error(borrowed).contains("returns its buffer `buf`"));
        let copied = quote!(left |buf = 1| { *buf } right |buf = 2| { buf.clone() });
        assert!(errors(copied).is_empty());
    }

    #[test]
    fn nested_pair() {
        let inner = quote!(@outer(buf) left |n = 1| { swap!(buf); } right |n = 2| { swap!(n); });
        assert!(one_error(inner).contains("an inner `lockstep!` cannot swap the outer pair"));
        let barrier = quote!(@outer(buf) left { swap!(buf); } right { swap!(); });
        assert!(one_error(barrier).contains("with `swap!()`"));
        // Its own buffer may share the outer name.
        let same =
            quote!(@outer(buf) left |buf = 1| { swap!(buf); } right |buf = 2| { swap!(buf); });
        assert!(errors(same).is_empty());
    }

    #[test]
    fn spawned_buffer() {
        let spawned = quote!(
            left |buf = 1| { std::thread::spawn(move || *buf); swap!(buf); }
            right |buf = 2| { swap!(buf); }
        );
        assert!(one_error(spawned).contains("cannot go to a thread from `thread::spawn`"));
        let scoped = quote!(left |buf = 1| { std::thread::scope(|s| { s.spawn(|| *buf); }); } right |buf = 2| {});
        assert!(errors(scoped).is_empty());
    }

    #[test]
    fn outside_blocks() {
        let init =
            quote!(left |buf = { swap!(); 1 }| { swap!(buf); } right |buf = 2| { swap!(buf); });
        assert!(one_error(init).contains("not in a buffer's initializer"));
        let header = quote!(for t in { swap!(); 0..3 }; left {} right {});
        assert!(one_error(header).contains("not in the rounds header"));
    }
}
