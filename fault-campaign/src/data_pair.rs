//! A `RendezvousData` pair under a scenario: two threads, each making a
//! fresh value before every swap and checking the one it receives.

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

/// The calls a side makes, on an owned and on a borrowed handle alike.
trait Handle<P>: Send {
    fn set_waiting(&mut self, waiting: Waiting);
    fn swaps(&self) -> u64;
    fn is_pending(&self) -> bool;
    fn get_mut(&mut self) -> &mut P;
    fn swap(&mut self) -> &mut P;
    fn try_swap(&mut self) -> Result<&mut P, Disconnected>;
    fn swap_timeout(&mut self, timeout: Duration) -> Result<&mut P, TimeoutError>;
}

/// Implements [`Handle`] by forwarding to the handle's own methods.
macro_rules! forward_handle {
    ($($ty:ty),*) => {$(
        impl<P: Payload> Handle<P> for $ty {
            fn set_waiting(&mut self, waiting: Waiting) {
                self.set_waiting(waiting);
            }
            fn swaps(&self) -> u64 {
                self.swaps()
            }
            fn is_pending(&self) -> bool {
                self.is_pending()
            }
            fn get_mut(&mut self) -> &mut P {
                self.get_mut()
            }
            fn swap(&mut self) -> &mut P {
                self.swap()
            }
            fn try_swap(&mut self) -> Result<&mut P, Disconnected> {
                self.try_swap()
            }
            fn swap_timeout(&mut self, timeout: Duration) -> Result<&mut P, TimeoutError> {
                self.swap_timeout(timeout)
            }
        }
    )*};
}
forward_handle!(RendezvousData<P>, RendezvousDataRef<'_, P>);

/// Runs the pair of `ctx`'s scenario (an `ArcPair` or a `BorrowedPair`).
pub fn run<P: Payload>(ctx: &Ctx<'_>) {
    let sc = ctx.scenario;
    let first = |side| P::make(sc.value_id(side, 0), &ctx.ledger);
    match sc.driver {
        Driver::ArcPair => {
            let (left, right) = RendezvousData::new(first(0), first(1));
            both(ctx, left, right);
        }
        Driver::BorrowedPair => {
            let mut state = RendezvousDataState::new(first(0), first(1));
            let (left, right) = state.split();
            both(ctx, left, right);
            // The buffers go down with the state: the ledger sees them.
            drop(state.into_inner());
        }
        Driver::Lockstep => unreachable!("lockstep scenarios run in lockstep_run"),
    }
}

/// Runs left on this thread and right on a scoped one, then judges both.
fn both<P: Payload>(ctx: &Ctx<'_>, left: impl Handle<P>, right: impl Handle<P>) {
    let (left, right) = thread::scope(|scope| {
        let right = scope.spawn(|| panic::catch_unwind(AssertUnwindSafe(|| side(ctx, 1, right))));
        let left = panic::catch_unwind(AssertUnwindSafe(|| side(ctx, 0, left)));
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
fn side<P: Payload>(ctx: &Ctx<'_>, me: usize, mut handle: impl Handle<P>) -> SideEnd {
    let sc = ctx.scenario;
    let plan = &sc.sides[me];
    handle.set_waiting(plan.waiting);
    let mut pacer = Pacer::new(plan);
    let mut swap = 1;
    loop {
        if let Some(fault) = plan.fault.filter(|fault| fault.at == swap - 1) {
            return fault_now(ctx, me, handle, fault, &mut pacer);
        }
        if swap > sc.swaps {
            return SideEnd::Finished {
                completed: handle.swaps(),
            };
        }
        pacer.pause();
        *handle.get_mut() = P::make(sc.value_id(me, swap), &ctx.ledger);
        match call(ctx, &mut handle, plan.call, &mut pacer) {
            Ok(()) => {
                ctx.arrived(me, swap, handle.get_mut());
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
                    kept: handle.get_mut().identity(),
                    again: handle.try_swap().map(drop),
                };
            }
        }
        swap += 1;
    }
}

/// One swap, the way the side's plan says.
fn call<P: Payload>(
    ctx: &Ctx<'_>,
    handle: &mut impl Handle<P>,
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
        Call::Exchange => unreachable!("only lockstep sides exchange"),
    }
}

/// The side's planned fault, instead of swap `fault.at + 1`.
fn fault_now<P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    mut handle: impl Handle<P>,
    fault: Fault,
    pacer: &mut Pacer,
) -> SideEnd {
    let sc = ctx.scenario;
    let swap = fault.at + 1;
    pacer.pause();
    let abandon = matches!(fault.kind, FaultKind::Abandon { .. });
    if fault.written || abandon {
        *handle.get_mut() = P::make(sc.value_id(me, swap), &ctx.ledger);
    }
    if abandon {
        // The partner may or may not be there; either way the arrival
        // stands once this returns.
        let outcome = handle.swap_timeout(Duration::ZERO).map(drop);
        match outcome {
            Ok(()) if !sc.survives(me) => ctx.arrived(me, swap, handle.get_mut()),
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
