//! What a pair's run is checked against, and where failures are collected.

use crate::payload::{Ledger, Payload};
use crate::scenario::Scenario;
use rendezvous_lockstep::{Disconnected, TimeoutError};
use std::any::Any;
use std::fmt;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// The kinds of failure the summary line counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The pair did not finish within the watchdog's bound.
    Hang,
    /// A value handed over did not arrive, or arrived out of order or torn,
    /// or a value was never dropped.
    Lost,
    /// A value was dropped more than once.
    DoubleDropped,
    /// A side saw the wrong error, panic, swap count or result, or
    /// `lockstep::run` re-raised the wrong payload.
    WrongError,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Hang => "hang",
            Kind::Lost => "lost",
            Kind::DoubleDropped => "double-dropped",
            Kind::WrongError => "wrong-error",
        })
    }
}

/// One failed check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Which count it goes to.
    pub kind: Kind,
    /// What was expected and what happened.
    pub detail: String,
}

/// The payload of a side's planned panic.
#[derive(Debug, PartialEq, Eq)]
pub struct Planned {
    /// The side that panicked: 0 left, 1 right.
    pub side: usize,
}

/// How a survivor learnt that its partner is gone.
#[derive(Debug)]
pub enum Observed {
    /// `swap()` panicked with this message.
    Panic(String),
    /// `try_swap()` returned this.
    Disconnected(Disconnected),
    /// `swap_timeout()` returned this.
    Timeout(TimeoutError),
}

/// The context of one pair: its scenario, its ledger and its failures.
pub struct Ctx<'s> {
    /// What the pair does.
    pub scenario: &'s Scenario,
    /// Counts every value's tokens.
    pub ledger: Arc<Ledger>,
    failures: Mutex<Vec<Failure>>,
    timeouts: AtomicU64,
    /// The location of each lockstep side's latest swap call.
    swapped_at: [Mutex<Option<&'static Location<'static>>>; 2],
}

impl<'s> Ctx<'s> {
    /// A fresh context for `scenario`.
    pub fn new(scenario: &'s Scenario) -> Self {
        Ctx {
            scenario,
            ledger: Ledger::new(scenario.values()),
            failures: Mutex::new(Vec::new()),
            timeouts: AtomicU64::new(0),
            swapped_at: [Mutex::new(None), Mutex::new(None)],
        }
    }

    /// Records a failed check.
    pub fn fail(&self, kind: Kind, detail: impl Into<String>) {
        lock(&self.failures).push(Failure {
            kind,
            detail: detail.into(),
        });
    }

    /// Counts a timeout that a side saw (for the coverage figures).
    pub fn timed_out(&self) {
        self.timeouts.fetch_add(1, Ordering::Relaxed);
    }

    /// Checks that `value`, which `side` received at swap `swap`, is the one
    /// its partner handed over there: the value it made for that swap (or
    /// a relay's one object).
    pub fn arrived<P: Payload>(&self, side: usize, swap: u32, value: &P) {
        self.arrived_as(side, swap, value.identity());
    }

    /// As [`arrived`](Ctx::arrived), for a value whose identity was read
    /// already (from an `Option` buffer, say).
    pub fn arrived_as(&self, side: usize, swap: u32, identity: Result<Option<u32>, String>) {
        let expected = self.scenario.handed_over(side ^ 1, swap);
        match identity {
            Ok(Some(id)) if id == expected => {}
            Ok(None) => {}
            Ok(Some(id)) => self.fail(
                Kind::Lost,
                format!("side {side} swap {swap}: expected value {expected}, got value {id}"),
            ),
            Err(torn) => self.fail(Kind::Lost, format!("side {side} swap {swap}: {torn}")),
        }
    }

    /// Checks a swap count.
    pub fn count(&self, what: &str, got: u64, expected: u64) {
        if got != expected {
            self.fail(
                Kind::WrongError,
                format!("{what}: {got} swaps, expected {expected}"),
            );
        }
    }

    /// Checks the error a survivor `side` got from the partner's departure:
    /// the partner left after the scenario's completed swaps, panicking or
    /// not.
    pub fn expect_gone(&self, side: usize, observed: &Observed) {
        let swaps = u64::from(self.scenario.completed());
        let panicked = self.scenario.partner_panicked(side);
        let right =
            |err: &Disconnected| err.partner_swaps() == swaps && err.partner_panicked() == panicked;
        let ok = match observed {
            Observed::Panic(message) => *message == gone_message(swaps, panicked),
            Observed::Disconnected(err) => right(err),
            Observed::Timeout(TimeoutError::Disconnected(err)) => right(err),
            Observed::Timeout(TimeoutError::Timeout) => false,
        };
        if !ok {
            self.fail(
                Kind::WrongError,
                format!(
                    "side {side}: expected the partner gone ({}), got {observed:?}",
                    gone_message(swaps, panicked)
                ),
            );
        }
    }

    /// Checks the payload of a side's panic: its own planned one.
    pub fn expect_planned(&self, side: usize, payload: &(dyn Any + Send)) {
        if payload.downcast_ref::<Planned>() != Some(&Planned { side }) {
            self.fail(
                Kind::WrongError,
                format!(
                    "side {side}: expected its planned panic, got {:?}",
                    message(payload)
                ),
            );
        }
    }

    /// Where lockstep side `side` called swap last.
    pub fn swapped_at(&self, side: usize) -> &Mutex<Option<&'static Location<'static>>> {
        &self.swapped_at[side]
    }

    /// The failures and the timeouts seen.
    pub fn finish(self) -> (Vec<Failure>, u64) {
        let failures = self
            .failures
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        (failures, self.timeouts.into_inner())
    }
}

/// Locks a mutex that a panicking side may have poisoned; its data is
/// still whole.
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The documented text of `Disconnected`, as `swap()` panics with it.
pub fn gone_message(partner_swaps: u64, panicked: bool) -> String {
    let how = if panicked { "panicked" } else { "was dropped" };
    format!(
        "rendezvous partner {how} after {}, so this side's swap {} can never complete",
        swaps(partner_swaps),
        partner_swaps + 1
    )
}

/// "1 swap", "2 swaps": a count as the runtime's messages write it.
pub fn swaps(n: u64) -> String {
    if n == 1 {
        "1 swap".to_owned()
    } else {
        format!("{n} swaps")
    }
}

/// A panic payload as text, for messages.
pub fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else if let Some(planned) = payload.downcast_ref::<Planned>() {
        format!("{planned:?}")
    } else {
        "<a payload neither text nor planned>".to_owned()
    }
}

/// Whether a panic is one the campaign causes on purpose or expects, so
/// that the panic hook keeps quiet about it.
pub fn is_expected(payload: &(dyn Any + Send)) -> bool {
    if payload.is::<Planned>() {
        return true;
    }
    let text = message(payload);
    text.starts_with("rendezvous partner ") || text.starts_with("lockstep: the ")
}
