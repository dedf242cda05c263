//! Valid phase: every misuse of `lockstep!`, `swap!` and `try_swap!` that
//! the macro can see, each an error whose span is on the offending token,
//! and nothing else. Whether the blocks swap equally often is not asked
//! here but by [`count`](crate::count), once nothing here is wrong.
//!
//! - here, the shape of the invocation: exactly one `left` and one `right`
//!   block, no unknown keyword, no repeated or third block; both blocks
//!   bind a buffer or neither does, and a buffer type `<T>` comes with
//!   bindings; each block's options; a side name that is not the buffer's
//!   and not in the rounds form;
//! - `swaps`, every swap point as [`walk`](crate::walk) finds it: not in an initializer
//!   or the rounds header; not inside a foreign region (a closure, async
//!   block, const block, nested item, or another macro's arguments), where
//!   it could not be paired; its argument the block's binding (or nothing
//!   in the barrier form), not rebound by a `let`, a pattern or a closure
//!   parameter, and not an outer pair's buffer; none at all in the rounds
//!   form, which swaps by itself;
//! - `code`, what a block's code may not do: return its buffer or hand it
//!   to `thread::spawn`, and, in the rounds form, `break`, `continue`,
//!   `return` or `?` that would end one block's rounds early.

mod code;
mod swaps;
#[cfg(test)]
mod tests;

use crate::ast::{BlockDef, Input, Which};
use crate::walk::SwapKind;
use proc_macro2::Span;
use syn::Error;
use syn::spanned::Spanned;

/// A valid invocation: the two blocks, by role.
pub struct Plan<'a> {
    /// The block that runs on the calling thread.
    pub left: &'a BlockDef,
    /// The block that runs on a scoped thread.
    pub right: &'a BlockDef,
}

/// Checks `input` for misuse, and returns all errors found, combined.
pub fn validate(input: &Input) -> Result<Plan<'_>, Error> {
    let mut errors = Errors::default();
    let plan = blocks(input, &mut errors);
    if let Some(plan) = &plan {
        form(input, plan, &mut errors);
    }
    swaps::outside_blocks(input, &mut errors);
    for block in &input.blocks {
        options(block, &mut errors);
        side_name(input, block, &mut errors);
        swaps::swap_points(input, block, &mut errors);
        code::returned_buffer(block, &mut errors);
        code::spawned_buffer(block, &mut errors);
        if input.rounds.is_some() {
            code::early_exits(block, &mut errors);
        }
    }
    match (errors.0, plan) {
        (Some(error), _) => Err(error),
        (None, Some(plan)) => Ok(plan),
        (None, None) => unreachable!("a missing block is an error"),
    }
}

/// `swap!` or `try_swap!` outside `lockstep!`: an error on the whole
/// invocation.
pub fn swap_outside(kind: SwapKind) -> Error {
    let (mac, method) = (kind.name(), kind.method());
    let message = format!(
        "`{mac}` can only be used inside a `lockstep!` block, in the block's own code; \
         a `lockstep!` block that calls the code around it neither sees nor counts \
         this `{mac}`; to swap in a helper, name the block's side (`left |buf = ..| as side \
         {{ .. }}`) and pass `side` to the helper, which calls `side.{method}()`"
    );
    Error::new(Span::call_site(), message)
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

/// In the data form every block owns a buffer: it binds one, or names its
/// side and starts on the buffer type's default. In the barrier form
/// neither block binds one.
fn form(input: &Input, plan: &Plan<'_>, errors: &mut Errors) {
    if !input.swaps_data() {
        return;
    }
    for (block, other) in [(plan.left, plan.right), (plan.right, plan.left)] {
        if block.binding.is_some() || block.side.is_some() {
            continue;
        }
        let keyword = &block.keyword;
        let why = match &other.binding {
            Some(binding) => format!(
                "the `{}` block binds a buffer, so this block needs one too: `{keyword} |{} = \
                 ...| {{ ... }}`",
                other.keyword, binding.name
            ),
            None => format!(
                "a buffer type needs a buffer in each block: `{keyword} |buf = ...| {{ ... }}`"
            ),
        };
        errors.at(
            keyword.span(),
            format!(
                "{why}, or a name for its side, `{keyword} as side {{ ... }}`, whose buffer \
                 then starts as the type's `Default`"
            ),
        );
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

/// The name of a block's side: not the buffer's, and none in the rounds
/// form.
fn side_name(input: &Input, block: &BlockDef, errors: &mut Errors) {
    let Some(side) = &block.side else {
        return;
    };
    if let Some(binding) = &block.binding
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
    if input.rounds.is_some() {
        errors.at(
            side.as_token.span,
            "a block of the rounds form cannot name its side: `lockstep!` swaps once \
             per round by itself, and a helper that swaps through the side would break \
             the rounds; drop the `for ... in ...;` header and write the loop in both \
             blocks to hand the side to helpers",
        );
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
