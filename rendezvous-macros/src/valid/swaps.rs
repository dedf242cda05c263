//! Every swap point of a block, as [`walk`] finds it, and those outside
//! any block: where each stands and what it names.

use super::{Errors, at};
use crate::ast::{BlockDef, Input};
use crate::walk::{self, Foreign, SwapKind, SwapPoint};
use syn::Error;

/// `swap!` in an initializer or the rounds header: no block runs there yet.
pub fn outside_blocks(input: &Input, errors: &mut Errors) {
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

/// Checks every `swap!` of `block`, as [`walk`] finds them.
pub fn swap_points(input: &Input, block: &BlockDef, errors: &mut Errors) {
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
