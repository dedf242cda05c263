//! A `RendezvousData` pair under a scenario: two threads, each making a
//! fresh value before every swap and checking the one it receives.
//!
//! A side calls `swap`, `try_swap`, `swap_timeout` or `exchange`; when one
//! exchanges, the pair swaps `Option` buffers, and the other side's calls
//! hand over and receive values wrapped in `Some`.

use crate::buffer;
use crate::check::{Ctx, Kind, Observed, Planned, message};
use crate::pace::Pacer;
use crate::payload::Payload;
use crate::scenario::{Call, Driver, Fault, FaultKind};
use rendezvous_lockstep::{
    Disconnected, RendezvousData, RendezvousDataRef, RendezvousDataState, TimeoutError, Waiting,
};
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::thread;
use std::time::Duration;

/// How a side's thread ended, unless it panicked.
#[derive(Debug)]
enum SideEnd {
    /// Made every planned swap.
    Finished { completed: u64 },
    /// Left on purpose (a fault that does not panic).
    Left { completed: u64 },
    /// Saw its partner gone.
    Survived {
        completed: u64,
        observed: Observed,
        /// The identity of the buffer it kept.
        kept: Result<Option<u32>, String>,
        /// What one more `try_swap` returned.
        again: Result<(), Disconnected>,
    },
}

/// The pair's buffer type `S`, exchanged on owned and borrowed handles.
type Buffer<S, P> = buffer::Buffer<S, P, Exchange<S, P>>;

/// `exchange` on an owned and on a borrowed handle over `Option<P>`
/// buffers (`S`).
struct Exchange<S, P> {
    owned: fn(&mut RendezvousData<S>, P) -> Result<P, Disconnected>,
    borrowed: fn(&mut RendezvousDataRef<'_, S>, P) -> Result<P, Disconnected>,
}

/// The calls a side makes, on an owned and on a borrowed handle alike,
/// over buffers of type `S`.
trait Handle<S>: Send {
    fn set_waiting(&mut self, waiting: Waiting);
    fn swaps(&self) -> u64;
    fn is_pending(&self) -> bool;
    fn get_mut(&mut self) -> &mut S;
    fn swap(&mut self) -> &mut S;
    fn try_swap(&mut self) -> Result<&mut S, Disconnected>;
    fn swap_timeout(&mut self, timeout: Duration) -> Result<&mut S, TimeoutError>;
    /// The handle's own `exchange`, found in `exchange`.
    fn exchange<P>(&mut self, exchange: &Exchange<S, P>, value: P) -> Result<P, Disconnected>;
}

/// Implements [`Handle`] by forwarding to the handle's own methods;
/// `exchange` through the named field of [`Exchange`].
macro_rules! forward_handle {
    ($($ty:ty => $exchange:ident),*) => {$(
        impl<S: Send> Handle<S> for $ty {
            fn set_waiting(&mut self, waiting: Waiting) {
                self.set_waiting(waiting);
            }
            fn swaps(&self) -> u64 {
                self.swaps()
            }
            fn is_pending(&self) -> bool {
                self.is_pending()
            }
            fn get_mut(&mut self) -> &mut S {
                self.get_mut()
            }
            fn swap(&mut self) -> &mut S {
                self.swap()
            }
            fn try_swap(&mut self) -> Result<&mut S, Disconnected> {
                self.try_swap()
            }
            fn swap_timeout(&mut self, timeout: Duration) -> Result<&mut S, TimeoutError> {
                self.swap_timeout(timeout)
            }
            fn exchange<P>(
                &mut self,
                exchange: &Exchange<S, P>,
                value: P,
            ) -> Result<P, Disconnected> {
                (exchange.$exchange)(self, value)
            }
        }
    )*};
}
forward_handle!(RendezvousData<S> => owned, RendezvousDataRef<'_, S> => borrowed);

/// Runs the pair of `ctx`'s scenario (an `ArcPair` or a `BorrowedPair`),
/// over `Option` buffers if a side exchanges.
pub fn run<P: Payload>(ctx: &Ctx<'_>) {
    if ctx.scenario.optional_buffers() {
        run_over(
            ctx,
            &Buffer::<Option<P>, P>::optional(Exchange {
                owned: |handle, value| handle.exchange(value),
                borrowed: |handle, value| handle.exchange(value),
            }),
        );
    } else {
        run_over(ctx, &Buffer::<P, P>::plain());
    }
}

fn run_over<S: Send, P: Payload>(ctx: &Ctx<'_>, buffer: &Buffer<S, P>) {
    let sc = ctx.scenario;
    let first = |side| (buffer.wrap)(P::make(sc.value_id(side, 0), &ctx.ledger));
    match sc.driver {
        Driver::ArcPair => {
            let (left, right) = RendezvousData::new(first(0), first(1));
            both(ctx, left, right, buffer);
        }
        Driver::BorrowedPair => {
            let mut state = RendezvousDataState::new(first(0), first(1));
            let (left, right) = state.split();
            both(ctx, left, right, buffer);
            // The buffers go down with the state: the ledger sees them.
            drop(state.into_inner());
        }
        Driver::Lockstep => unreachable!("lockstep scenarios run in lockstep_run"),
    }
}

/// Runs left on this thread and right on a scoped one, then judges both.
fn both<S, P: Payload>(
    ctx: &Ctx<'_>,
    left: impl Handle<S>,
    right: impl Handle<S>,
    buffer: &Buffer<S, P>,
) {
    let (left, right) = thread::scope(|scope| {
        let right =
            scope.spawn(|| panic::catch_unwind(AssertUnwindSafe(|| side(ctx, 1, right, buffer))));
        let left = panic::catch_unwind(AssertUnwindSafe(|| side(ctx, 0, left, buffer)));
        let right = right
            .join()
            .unwrap_or_else(|_| unreachable!("the side's panic was caught"));
        (left, right)
    });
    judge(ctx, 0, left);
    judge(ctx, 1, right);
}

/// One side: before swap `i` it makes value `(me, i)`; after it, it must
/// hold `(partner, i)`.
fn side<S, P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    mut handle: impl Handle<S>,
    buffer: &Buffer<S, P>,
) -> SideEnd {
    let sc = ctx.scenario;
    let plan = &sc.sides[me];
    handle.set_waiting(plan.waiting);
    let mut pacer = Pacer::new(plan);
    let mut swap = 1;
    loop {
        if let Some(fault) = plan.fault.filter(|fault| fault.at == swap - 1) {
            return fault_now(ctx, me, handle, buffer, fault, &mut pacer);
        }
        if swap > sc.swaps {
            return SideEnd::Finished {
                completed: handle.swaps(),
            };
        }
        pacer.pause();
        let value = P::make(sc.value_id(me, swap), &ctx.ledger);
        match call(ctx, me, swap, &mut handle, buffer, value, &mut pacer) {
            Ok(()) => {
                ctx.count(
                    &format!("side {me} after swap {swap}"),
                    handle.swaps(),
                    swap.into(),
                );
            }
            Err(observed) => {
                return SideEnd::Survived {
                    completed: handle.swaps(),
                    observed,
                    kept: (buffer.identity)(handle.get_mut()),
                    again: handle.try_swap().map(drop),
                };
            }
        }
        swap += 1;
    }
}

/// Makes swap `swap` of side `me` the way its plan says, handing over
/// `value`, and checks what it received: the partner's value for that swap
/// (and, after an `exchange`, an empty buffer).
fn call<S, P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    swap: u32,
    handle: &mut impl Handle<S>,
    buffer: &Buffer<S, P>,
    value: P,
    pacer: &mut Pacer,
) -> Result<(), Observed> {
    let call = ctx.scenario.sides[me].call;
    if call == Call::Exchange {
        let exchange = buffer
            .exchange
            .as_ref()
            .expect("a pair with a side that exchanges swaps Option buffers");
        let got = handle
            .exchange(exchange, value)
            .map_err(Observed::Disconnected)?;
        ctx.arrived(me, swap, &got);
        if (buffer.identity)(handle.get_mut()).is_ok() {
            ctx.fail(
                Kind::Lost,
                format!("side {me} swap {swap}: exchange left a value in the buffer"),
            );
        }
        return Ok(());
    }
    *handle.get_mut() = (buffer.wrap)(value);
    swap_as(ctx, handle, call, pacer)?;
    ctx.arrived_as(me, swap, (buffer.identity)(handle.get_mut()));
    Ok(())
}

/// One swap of the buffer the side wrote, by `call`.
fn swap_as<S>(
    ctx: &Ctx<'_>,
    handle: &mut impl Handle<S>,
    call: Call,
    pacer: &mut Pacer,
) -> Result<(), Observed> {
    match call {
        Call::Swap => panic::catch_unwind(AssertUnwindSafe(|| {
            handle.swap();
        }))
        .map_err(|payload| Observed::Panic(message(&*payload))),
        Call::TrySwap => handle.try_swap().map(drop).map_err(Observed::Disconnected),
        Call::Timeout(timeout) => loop {
            match handle.swap_timeout(timeout) {
                Ok(_) => return Ok(()),
                Err(TimeoutError::Timeout) => {
                    ctx.timed_out();
                    if !handle.is_pending() {
                        ctx.fail(Kind::WrongError, "a timed-out swap is not pending");
                    }
                    pacer.retry();
                }
                Err(err) => return Err(Observed::Timeout(err)),
            }
        },
        Call::Exchange => unreachable!("an exchange hands over a value of its own"),
        call => unreachable!("only lockstep sides call {call:?}"),
    }
}

/// The side's planned fault, instead of swap `fault.at + 1`.
fn fault_now<S, P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    mut handle: impl Handle<S>,
    buffer: &Buffer<S, P>,
    fault: Fault,
    pacer: &mut Pacer,
) -> SideEnd {
    let sc = ctx.scenario;
    let swap = fault.at + 1;
    pacer.pause();
    let abandon = matches!(fault.kind, FaultKind::Abandon { .. });
    if fault.written || abandon {
        *handle.get_mut() = (buffer.wrap)(P::make(sc.value_id(me, swap), &ctx.ledger));
    }
    if abandon {
        // The partner may or may not be there; either way the arrival
        // stands once this returns.
        let outcome = handle.swap_timeout(Duration::ZERO).map(drop);
        match outcome {
            Ok(()) if !sc.survives(me) => {
                ctx.arrived_as(me, swap, (buffer.identity)(handle.get_mut()));
            }
            Err(TimeoutError::Timeout) if handle.is_pending() => ctx.timed_out(),
            Err(err) if sc.survives(me) => ctx.expect_gone(me, &Observed::Timeout(err)),
            other => ctx.fail(
                Kind::WrongError,
                format!("side {me}: abandoned swap {swap} returned {other:?}"),
            ),
        }
    }
    let completed = handle.swaps();
    if fault.kind.panics() {
        // Unwinding drops the handle: the partner must see it panicked.
        panic::panic_any(Planned { side: me });
    }
    drop(handle);
    SideEnd::Left { completed }
}

/// Checks how side `me` ended against the scenario's oracle.
fn judge(ctx: &Ctx<'_>, me: usize, end: Result<SideEnd, Box<dyn Any + Send>>) {
    let sc = ctx.scenario;
    let completed = u64::from(sc.completed());
    match (sc.executes_fault(me), end) {
        (Some(fault), Err(payload)) if fault.kind.panics() => ctx.expect_planned(me, &*payload),
        (Some(fault), Ok(SideEnd::Left { completed: got })) if !fault.kind.panics() => {
            // An abandoned swap may have completed before the drop.
            let at = u64::from(fault.at);
            if got != at && !(got == at + 1 && matches!(fault.kind, FaultKind::Abandon { .. })) {
                ctx.count(&format!("side {me} when it left"), got, at);
            }
        }
        (None, Ok(SideEnd::Finished { completed: got })) if !sc.survives(me) => {
            ctx.count(&format!("side {me} at the end"), got, completed);
        }
        (
            None,
            Ok(SideEnd::Survived {
                completed: got,
                observed,
                kept,
                again,
            }),
        ) if sc.survives(me) => {
            ctx.expect_gone(me, &observed);
            ctx.count(&format!("survivor {me}"), got, completed);
            // It keeps the buffer it held before the failed swap: its own
            // value for that swap.
            let own = sc.value_id(me, sc.completed() + 1);
            if !matches!(kept, Ok(None)) && kept != Ok(Some(own)) {
                ctx.fail(
                    Kind::Lost,
                    format!("survivor {me} kept {kept:?}, expected its value {own}"),
                );
            }
            match again {
                Err(err) => ctx.expect_gone(me, &Observed::Disconnected(err)),
                Ok(()) => ctx.fail(
                    Kind::WrongError,
                    format!("survivor {me}: a swap after the partner left succeeded"),
                ),
            }
        }
        (_, Err(payload)) => ctx.fail(
            Kind::WrongError,
            format!(
                "side {me}: {}, but it panicked: {:?}",
                expectation(ctx, me),
                message(&*payload)
            ),
        ),
        (_, Ok(end)) => ctx.fail(
            Kind::WrongError,
            format!("side {me}: {}, but it ended {end:?}", expectation(ctx, me)),
        ),
    }
}

/// What side `me` should have done, in words.
fn expectation(ctx: &Ctx<'_>, me: usize) -> String {
    let sc = ctx.scenario;
    let completed = sc.completed();
    match sc.executes_fault(me) {
        Some(fault) => format!("expected its fault {fault:?} after {completed} swaps"),
        None if sc.survives(me) => {
            format!("expected to see the partner gone at swap {}", completed + 1)
        }
        None => format!("expected to finish after {completed} swaps"),
    }
}

#[cfg(test)]
mod tests {
    use crate::campaign::execute_pair;
    use crate::payload::PayloadKind;
    use crate::scenario::{Call, Driver, Fault, FaultKind, Scenario, SidePlan, Tempo};
    use rendezvous_lockstep::Waiting;
    use std::time::Duration;

    type Plan = (Call, Option<(u32, FaultKind)>);

    fn plan((call, fault): Plan, waiting: Waiting) -> SidePlan {
        SidePlan {
            waiting,
            call,
            tempo: Tempo::Jittery,
            fault: fault.map(|(at, kind)| Fault {
                at,
                kind,
                written: at % 2 == 0,
            }),
            delay_seed: fault.map_or(99, |(at, _)| u64::from(at)),
        }
    }

    /// Runs `left` against `right` on both drivers, over every payload and
    /// both waiting strategies; no check may fail.
    fn clean(left: Plan, right: Plan) {
        for driver in [Driver::ArcPair, Driver::BorrowedPair] {
            for payload in PayloadKind::ALL {
                for waiting in [Waiting::Spin, Waiting::Park] {
                    let scenario = Scenario {
                        driver,
                        payload,
                        swaps: 10,
                        sides: [plan(left, waiting), plan(right, waiting)],
                    };
                    assert!(scenario.optional_buffers());
                    let (failures, _) = execute_pair(&scenario);
                    assert!(failures.is_empty(), "{scenario:?}: {failures:?}");
                }
            }
        }
    }

    #[test]
    fn exchange_meets_every_call() {
        let timeout = Call::Timeout(Duration::from_micros(20));
        for call in [Call::Swap, Call::TrySwap, timeout, Call::Exchange] {
            clean((Call::Exchange, None), (call, None));
        }
    }

    #[test]
    fn an_exchanging_survivor_sees_its_partner_gone_and_keeps_its_value() {
        clean(
            (Call::Exchange, None),
            (Call::Swap, Some((7, FaultKind::Return))),
        );
        clean(
            (Call::TrySwap, Some((4, FaultKind::Panic))),
            (Call::Exchange, None),
        );
        clean(
            (Call::Exchange, None),
            (Call::Exchange, Some((0, FaultKind::Return))),
        );
    }

    #[test]
    fn an_exchanging_side_abandons_and_survives_an_abandoned_swap() {
        let abandon = |panic| Some((5, FaultKind::Abandon { panic }));
        clean((Call::Exchange, abandon(false)), (Call::Swap, None));
        clean((Call::Exchange, None), (Call::TrySwap, abandon(true)));
    }
}
