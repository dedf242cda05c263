//! Count phase: the swap-count rule, whole. What the user reads as "The
//! swap-count check" in the crate docs is this text:
//!
#![doc = include_str!("count.md")]
//!
//! # How this module applies it
//!
//! [`mismatch`] is the rule's entry: it leaves out the blocks that are
//! never compared (the rounds form, a named side) and compares the
//! [`Count`]s of the others. A count is a sum of terms, each the swaps per
//! iteration of the loop headers around them, outermost first (no headers:
//! the straight-line swaps), or unknown. `flow` follows a block's control
//! flow to its count, with `walk` telling what a macro call is and which
//! code is conditional; `fixed` decides which loop headers the blocks
//! cannot change. Two counts are compared only over the same loops, by
//! their tokens, and such loops are taken to run: counts that differ only
//! inside loops that run zero times are still reported.
//!
//! The result is a typed [`Mismatch`], which `expand` turns into the lint;
//! nothing here is an error of `valid`'s kind, and the pipeline asks only
//! once `valid` found nothing wrong.

mod fixed;
mod flow;
#[cfg(test)]
mod tests;

use crate::ast::Input;
use crate::print;
use crate::valid::Plan;
use fixed::Changed;
use quote::ToTokens;
use std::fmt;
use syn::{Block, Expr};

/// Two blocks whose swap counts provably differ.
pub struct Mismatch {
    /// The `left` block's count.
    pub left: Count,
    /// The `right` block's count.
    pub right: Count,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (l, r) = (self.left.describe(), self.right.describe());
        write!(
            f,
            "`left` and `right` must swap equally often, but the `left` block's swap count is \
             {l} and the `right` block's is {r}; add or remove `swap!` calls so that the counts \
             match"
        )
    }
}

/// The blocks' swap counts, if they provably differ.
pub fn mismatch(input: &Input, plan: &Plan<'_>) -> Option<Mismatch> {
    // The rounds form swaps once per round in each block, by construction.
    if input.rounds.is_some() {
        return None;
    }
    // A named side swaps also in the helpers it is handed to.
    if plan.left.side.is_some() || plan.right.side.is_some() {
        return None;
    }
    let changed = Changed::of([&plan.left.body, &plan.right.body]);
    let left = Count::of(&plan.left.body, &changed);
    let right = Count::of(&plan.right.body, &changed);
    left.differs(&right).then_some(Mismatch { left, right })
}

/// Swaps per iteration of the loop headers around them, outermost first;
/// no headers: the straight-line swaps.
type Term = (Vec<Expr>, u64);

/// A block's swap count: `None` if not statically known, else a sum of
/// [`Term`]s.
#[derive(Clone, Default)]
pub struct Count {
    terms: Option<Vec<Term>>,
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
fn same_terms(a: &[Term], b: &[Term]) -> bool {
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
fn term(terms: &[Term], key: &[Expr]) -> Option<u64> {
    terms
        .iter()
        .find(|(other, _)| same_loops(other, key))
        .map(|&(_, n)| n)
}

impl Count {
    /// Counts the `swap!`s of a block body; loops over names in `changed`
    /// are not counted.
    pub fn of(body: &Block, changed: &Changed) -> Count {
        Count {
            terms: flow::terms(body, changed),
        }
    }

    /// Whether both counts are known, run over the same loops, and still
    /// differ.
    pub fn differs(&self, other: &Count) -> bool {
        match (&self.terms, &other.terms) {
            (Some(a), Some(b)) => {
                let same_loops = |a: &[Term], b: &[Term]| {
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
