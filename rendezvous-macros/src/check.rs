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
//! - the swap counts of both blocks, where [`Count`] knows them.

use crate::ast::{BlockDef, Input, SwapArg, Which, is_lockstep, is_swap};
use crate::count::Count;
use proc_macro2::{Span, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Error, Ident};

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
    for block in &input.blocks {
        swap_points(input, block, &mut errors);
    }
    match (errors.0, plan) {
        (Some(error), _) => Err(error),
        (None, Some(plan)) => {
            if input.rounds.is_none() {
                counts(&plan)?;
            }
            Ok(plan)
        }
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

/// Finds the `left` and `right` block, or reports why it cannot.
fn blocks<'a>(input: &'a Input, errors: &mut Errors) -> Option<Plan<'a>> {
    let (mut left, mut right) = (None, None);
    let mut misplaced = false;
    for (index, block) in input.blocks.iter().enumerate() {
        let keyword = &block.keyword;
        if index >= 2 {
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
        let slot = match block.which() {
            Some(Which::Left) => &mut left,
            Some(Which::Right) => &mut right,
            None => {
                errors.at(
                    keyword.span(),
                    format!(
                        "unknown block `{keyword}`: the blocks of `lockstep!` are named \
                         `left` (runs on the calling thread) and `right` (runs on a new thread)"
                    ),
                );
                misplaced = true;
                continue;
            }
        };
        if slot.is_some() {
            let other = if keyword == "left" { "right" } else { "left" };
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
        (Some(left), Some(right)) => return Some(Plan { left, right }),
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

/// Compares the swap counts of both blocks, where both are known.
fn counts(plan: &Plan<'_>) -> Result<(), Error> {
    let left = Count::of(&plan.left.body);
    let right = Count::of(&plan.right.body);
    if !left.mismatch(&right) {
        return Ok(());
    }
    let (l, r) = (left.describe(), right.describe());
    let mut error = Error::new(
        plan.left.keyword.span(),
        format!(
            "`left` and `right` must swap equally often, but the `left` block's swap count is \
             {l} and the `right` block's is {r}; add or remove `swap!` calls so that the \
             counts match"
        ),
    );
    error.combine(Error::new(
        plan.right.keyword.span(),
        format!(
            "the `right` block's swap count is {r}, the `left` block's is {l}: see the error \
             on the `left` block"
        ),
    ));
    Err(error)
}

/// Checks every `swap!` of `block`, and the early exits of a rounds-form
/// block.
fn swap_points(input: &Input, block: &BlockDef, errors: &mut Errors) {
    let mut scan = Scan {
        binding: block.binding.as_ref().map(|binding| &binding.name),
        keyword: &block.keyword,
        rounds: input.rounds.is_some(),
        context: Vec::new(),
        loops: 0,
        errors,
    };
    scan.visit_block(&block.body);
}

/// Code a `swap!` cannot be paired from.
#[derive(Clone, Copy)]
enum Context {
    Closure,
    Async,
    Const,
    Item(&'static str),
}

impl Context {
    fn message(self) -> String {
        match self {
            Context::Closure => "`swap!` cannot be paired inside a closure: the closure may run \
                 any number of times, at any time; call `swap!` in the block's own code, \
                 outside the closure"
                .to_owned(),
            Context::Async => "`swap!` cannot be paired inside an async block: its code runs \
                 whenever the future is polled, if ever; call `swap!` in the block's own code, \
                 outside the async block"
                .to_owned(),
            Context::Const => "`swap!` cannot run inside a const block: it runs at compile \
                 time; call `swap!` in the block's own code"
                .to_owned(),
            Context::Item(kind) => format!(
                "`swap!` cannot be paired inside a nested {kind}: it runs whenever it is \
                 called, if ever, and cannot reach the block's side; call `swap!` in the \
                 block's own code, and let the {kind} return what it computes"
            ),
        }
    }
}

/// The visitor that checks one block.
struct Scan<'a, 'e> {
    /// The block's buffer binding, in the data form.
    binding: Option<&'a Ident>,
    /// The block's keyword, for messages.
    keyword: &'a Ident,
    /// Whether the macro swaps once per round by itself.
    rounds: bool,
    /// The closures, async blocks and items around the current node.
    context: Vec<Context>,
    /// Loops around the current node, within the innermost context.
    loops: usize,
    errors: &'e mut Errors,
}

impl Scan<'_, '_> {
    /// Visits `f` inside `context`, where loop depth starts anew.
    fn within(&mut self, context: Context, f: impl FnOnce(&mut Self)) {
        self.context.push(context);
        let loops = std::mem::replace(&mut self.loops, 0);
        f(self);
        self.loops = loops;
        self.context.pop();
    }

    /// Visits a loop body one loop deeper.
    fn looped(&mut self, f: impl FnOnce(&mut Self)) {
        self.loops += 1;
        f(self);
        self.loops -= 1;
    }

    /// Whether an early exit here would leave a rounds-form round.
    fn leaves_round(&self, loop_exit: bool) -> bool {
        self.rounds && self.context.is_empty() && (!loop_exit || self.loops == 0)
    }

    fn swap(&mut self, mac: &syn::Macro) {
        if self.rounds {
            return self.errors.push(Error::new_spanned(
                mac,
                "remove this `swap!`: in the rounds form (`for ... in ...;` before the \
                 blocks), `lockstep!` already swaps once at the end of every round; to place \
                 swap points yourself, drop the `for` header and write the loop in both blocks",
            ));
        }
        if let Some(&context) = self.context.last() {
            return self.errors.push(Error::new_spanned(mac, context.message()));
        }
        let arg = match mac.parse_body::<SwapArg>() {
            Ok(SwapArg(arg)) => arg,
            Err(error) => return self.errors.push(error),
        };
        match (self.binding, arg) {
            (Some(binding), Some(arg)) if *binding == arg => {}
            (Some(binding), Some(arg)) => self.errors.at(
                arg.span(),
                format!(
                    "this block's buffer is `{binding}`, not `{arg}`: write `swap!({binding})`, \
                     which rebinds `{binding}` to the buffer the partner had"
                ),
            ),
            (Some(binding), None) => self.errors.push(Error::new_spanned(
                mac,
                format!(
                    "this block swaps its buffer `{binding}`: write `swap!({binding})`, which \
                     rebinds `{binding}` to the buffer the partner had"
                ),
            )),
            (None, Some(arg)) => self.errors.at(
                arg.span(),
                format!(
                    "the `{}` block binds no buffer, so there is no `{arg}` to swap: write \
                     `swap!()` for a pure rendezvous, or give both blocks a buffer, as in \
                     `{} |{arg} = ...| {{ ... }}`",
                    self.keyword, self.keyword,
                ),
            ),
            (None, None) => {}
        }
    }

    /// Reports `swap!`s hidden in the arguments of another macro, which
    /// `lockstep!` cannot see as code.
    fn hidden_swaps(&mut self, mac: &syn::Macro) {
        let name = &mac.path.segments.last().expect("a macro path").ident;
        let mut found = Vec::new();
        find_swaps(mac.tokens.clone(), &mut found);
        for swap in found {
            self.errors.at(
                swap,
                format!(
                    "`lockstep!` cannot see this `swap!` inside the arguments of `{name}!`, \
                     where it could not be paired; call `swap!` outside the `{name}!` call"
                ),
            );
        }
    }
}

/// The spans of the `swap` in each `swap!` in `tokens`, except those of a
/// nested `lockstep!`.
fn find_swaps(tokens: TokenStream, found: &mut Vec<Span>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        let bang = matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        match &tokens[index] {
            TokenTree::Ident(ident) if bang && ident == "lockstep" => index += 2,
            TokenTree::Ident(ident) if bang && ident == "swap" => found.push(ident.span()),
            TokenTree::Group(group) => find_swaps(group.stream(), found),
            _ => {}
        }
        index += 1;
    }
}

impl<'ast> Visit<'ast> for Scan<'_, '_> {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if is_lockstep(mac) {
            // A nested `lockstep!` checks its own `swap!`s.
        } else if is_swap(mac) {
            self.swap(mac);
        } else {
            self.hidden_swaps(mac);
        }
    }

    fn visit_expr_closure(&mut self, expr: &'ast syn::ExprClosure) {
        self.within(Context::Closure, |scan| {
            visit::visit_expr_closure(scan, expr)
        });
    }

    fn visit_expr_async(&mut self, expr: &'ast syn::ExprAsync) {
        self.within(Context::Async, |scan| visit::visit_expr_async(scan, expr));
    }

    fn visit_expr_const(&mut self, expr: &'ast syn::ExprConst) {
        self.within(Context::Const, |scan| visit::visit_expr_const(scan, expr));
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        let kind = match item {
            syn::Item::Fn(_) => "fn",
            syn::Item::Impl(_) => "impl",
            syn::Item::Trait(_) => "trait",
            syn::Item::Mod(_) => "module",
            syn::Item::Const(_) | syn::Item::Static(_) => "constant",
            _ => "item",
        };
        self.within(Context::Item(kind), |scan| visit::visit_item(scan, item));
    }

    fn visit_expr_for_loop(&mut self, expr: &'ast syn::ExprForLoop) {
        self.visit_pat(&expr.pat);
        self.visit_expr(&expr.expr);
        self.looped(|scan| scan.visit_block(&expr.body));
    }

    fn visit_expr_while(&mut self, expr: &'ast syn::ExprWhile) {
        self.visit_expr(&expr.cond);
        self.looped(|scan| scan.visit_block(&expr.body));
    }

    fn visit_expr_loop(&mut self, expr: &'ast syn::ExprLoop) {
        self.looped(|scan| scan.visit_block(&expr.body));
    }

    fn visit_expr_break(&mut self, expr: &'ast syn::ExprBreak) {
        if expr.label.is_none() && self.leaves_round(true) {
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
        if expr.label.is_none() && self.leaves_round(true) {
            self.errors.at(
                expr.continue_token.span,
                "`continue` would skip the swap that ends this round, which the partner block \
                 waits for; skip the rest of the round's work with `if` or `else` instead",
            );
        }
        visit::visit_expr_continue(self, expr);
    }

    fn visit_expr_return(&mut self, expr: &'ast syn::ExprReturn) {
        if self.leaves_round(false) {
            self.errors.at(
                expr.return_token.span,
                "`return` cannot end the rounds of one block only: its partner would wait for \
                 a round this block never runs; skip the rest of the round's work with `if` or \
                 `else` instead",
            );
        }
        visit::visit_expr_return(self, expr);
    }

    fn visit_expr_try(&mut self, expr: &'ast syn::ExprTry) {
        if self.leaves_round(false) {
            self.errors.at(
                expr.question_token.span,
                "`?` cannot end the rounds of one block only: its partner would wait for a \
                 round this block never runs; handle the error within the round, with `match` \
                 or `if let`",
            );
        }
        visit::visit_expr_try(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn structure() {
        assert!(one_error(quote!(left {})).contains("no partner: add a `right"));
        assert!(one_error(quote!(right {})).contains("no partner: add a `left"));
        assert!(one_error(quote!()).contains("needs two blocks"));
        assert!(one_error(quote!(left {} left {})).contains("a second `left` block"));
        assert!(one_error(quote!(left {} right {} right {})).contains("a third block"));
        assert!(one_error(quote!(left {} middle {})).contains("unknown block `middle`"));
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
    fn swap_counts() {
        let mismatch = errors(quote!(
            left { for i in 0..n { swap!(); swap!(); } }
            right { for i in 0..n { swap!(); } }
        ));
        assert_eq!(mismatch.len(), 2);
        assert!(mismatch[0].contains("swap count is 2 per iteration of `for i in 0..n` and"));
        assert!(mismatch[1].contains("the `right` block's swap count is 1 per iteration"));
        // Not countable: left to the runtime.
        assert!(errors(quote!(left { if a { swap!(); } } right {})).is_empty());
    }
}
