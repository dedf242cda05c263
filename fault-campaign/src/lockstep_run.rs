//! A scenario through `rendezvous_lockstep::lockstep::Builder::run`, which is
//! exactly what the `lockstep!` macro expands to: the left block on the
//! calling thread, the right block on a scoped thread named
//! [`RIGHT_THREAD`], one `RendezvousData` pair between, each side waiting as
//! its plan says.
//!
//! A block calls `swap`, `try_swap`, `exchange` (over `Option` buffers,
//! which the pair then swaps on both sides), `swap_timeout` and
//! `swap_deadline` until one does not time out, or `would_block` until it
//! is `false` and then `swap_timeout(Duration::ZERO)`, which must not time
//! out. A block may abandon a swap: `swap_timeout(Duration::ZERO)`, then it
//! returns with its arrival standing, which still hands its buffer over. A
//! block whose partner returned early panics at its next `swap` with both
//! counts, and *hangs up* at any other call: it sees the end of the stream
//! and returns. Pairs that hand values one way (`give`, `take`,
//! `iter_take`) run in [`crate::lockstep_handoff`] through [`run_blocks`],
//! and are judged here too.

use crate::buffer;
use crate::check::{Ctx, Kind, Observed, Planned, lock, message, swaps};
use crate::lockstep_handoff;
use crate::pace::Pacer;
use crate::payload::Payload;
use crate::scenario::{Call, FaultKind};
use rendezvous_lockstep::lockstep::{Builder, Side};
use rendezvous_lockstep::{Disconnected, TimeoutError};
use std::panic::{self, AssertUnwindSafe, Location};
use std::thread;
use std::time::{Duration, Instant};

/// The name of the right block's thread.
pub const RIGHT_THREAD: &str = "campaign-lockstep-right";

/// What a block returns: its completed swaps, and whether it hung up (saw
/// its partner's return as the end of the stream).
pub(crate) type BlockEnd = (u64, bool);

/// `Side::exchange` over `Option<P>` buffers.
type Exchange<S, P> = fn(&mut Side<'_, S>, P) -> Result<P, Disconnected>;

/// The pair's buffer type `S`, exchanged through `Side::exchange`.
type Buffer<S, P> = buffer::Buffer<S, P, Exchange<S, P>>;

/// Runs `ctx`'s scenario as two lockstep blocks and checks what `run`
/// returned or re-raised.
pub fn run<P: Payload>(ctx: &Ctx<'_>) {
    if ctx.scenario.hands_off() {
        lockstep_handoff::run::<P>(ctx);
    } else if ctx.scenario.optional_buffers() {
        run_over(
            ctx,
            &Buffer::<Option<P>, P>::optional(|side, value| side.exchange(value)),
        );
    } else {
        run_over(ctx, &Buffer::<P, P>::plain());
    }
}

fn run_over<S: Send, P: Payload>(ctx: &Ctx<'_>, buffer: &Buffer<S, P>) {
    let sc = ctx.scenario;
    let first = |side| (buffer.wrap)(P::make(sc.value_id(side, 0), &ctx.ledger));
    run_blocks(ctx, [first(0), first(1)], |me, side| {
        block(ctx, me, side, buffer)
    });
}

/// Runs `block` as both blocks of `ctx`'s scenario through
/// `lockstep::Builder::run`, over buffers that start as `buffers`, and
/// checks what `run` returned or re-raised.
pub(crate) fn run_blocks<S: Send>(
    ctx: &Ctx<'_>,
    buffers: [S; 2],
    block: impl Fn(usize, &mut Side<'_, S>) -> BlockEnd + Sync,
) {
    let sc = ctx.scenario;
    let [left, right] = buffers;
    let block = |me: usize, side: &mut Side<'_, S>| {
        if side.waiting() != sc.sides[me].waiting {
            ctx.fail(
                Kind::WrongError,
                format!(
                    "side {me} waits {:?}, planned {:?}",
                    side.waiting(),
                    sc.sides[me].waiting
                ),
            );
        }
        block(me, side)
    };
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        Builder::new()
            .name(RIGHT_THREAD)
            .left_waiting(sc.sides[0].waiting)
            .right_waiting(sc.sides[1].waiting)
            .run(
                left,
                right,
                |side| block(0, side),
                |side| {
                    if thread::current().name() != Some(RIGHT_THREAD) {
                        ctx.fail(Kind::WrongError, "the right block's thread is not named");
                    }
                    block(1, side)
                },
            )
            .expect("spawning the right block's thread")
    }));
    judge(ctx, outcome);
}

/// One block: before swap `i` it makes value `(me, i)`; after it, it must
/// hold `(partner, i)`. Returns its completed swaps and whether it hung up.
fn block<S, P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    side: &mut Side<'_, S>,
    buffer: &Buffer<S, P>,
) -> BlockEnd {
    let sc = ctx.scenario;
    let plan = &sc.sides[me];
    let mut pacer = Pacer::new(plan);
    for swap in 1..=sc.swaps + 1 {
        if let Some(fault) = plan.fault.filter(|fault| fault.at == swap - 1) {
            pacer.pause();
            let abandon = matches!(fault.kind, FaultKind::Abandon { .. });
            if fault.written || abandon {
                *side.get_mut() = (buffer.wrap)(P::make(sc.value_id(me, swap), &ctx.ledger));
            }
            if abandon {
                abandon_swap(ctx, me, swap, side, |got| {
                    ctx.arrived_as(me, swap, (buffer.identity)(got));
                });
            }
            if fault.kind.panics() {
                panic::panic_any(Planned { side: me });
            }
            return (side.swaps(), false);
        }
        if swap > sc.swaps {
            break;
        }
        pacer.pause();
        let value = P::make(sc.value_id(me, swap), &ctx.ledger);
        match (plan.call, buffer.exchange) {
            (Call::Swap, _) => {
                *side.get_mut() = (buffer.wrap)(value);
                let got = swap_noting_where(side, ctx, me);
                ctx.arrived_as(me, swap, (buffer.identity)(got));
            }
            (Call::TrySwap, _) => {
                *side.get_mut() = (buffer.wrap)(value);
                match side.try_swap() {
                    Ok(got) => ctx.arrived_as(me, swap, (buffer.identity)(got)),
                    Err(err) => return hang_up(ctx, me, side, buffer, err),
                }
            }
            (Call::Timeout(timeout), _) => {
                *side.get_mut() = (buffer.wrap)(value);
                match swap_patiently(ctx, side, timeout, &mut pacer) {
                    Ok(got) => ctx.arrived_as(me, swap, (buffer.identity)(got)),
                    Err(err) => return hang_up(ctx, me, side, buffer, err),
                }
            }
            (Call::Poll, _) => {
                *side.get_mut() = (buffer.wrap)(value);
                while side.would_block() {
                    pacer.retry();
                }
                let got = match side.swap_timeout(Duration::ZERO) {
                    Ok(got) => Ok(got),
                    Err(TimeoutError::Disconnected(err)) => Err(err),
                    Err(TimeoutError::Timeout) => {
                        ctx.fail(
                            Kind::WrongError,
                            format!(
                                "side {me} swap {swap}: would_block() said the partner waits, \
                                 but swap_timeout(0) timed out"
                            ),
                        );
                        side.try_swap()
                    }
                };
                match got {
                    Ok(got) => ctx.arrived_as(me, swap, (buffer.identity)(got)),
                    Err(err) => return hang_up(ctx, me, side, buffer, err),
                }
            }
            (Call::Exchange, Some(exchange)) => match exchange(side, value) {
                Ok(got) => {
                    ctx.arrived(me, swap, &got);
                    if (buffer.identity)(side.get_mut()).is_ok() {
                        ctx.fail(
                            Kind::Lost,
                            format!("side {me} swap {swap}: exchange left a value in the buffer"),
                        );
                    }
                }
                Err(err) => return hang_up(ctx, me, side, buffer, err),
            },
            (call, _) => unreachable!("a lockstep side does not call {call:?}"),
        }
    }
    (side.swaps(), false)
}

/// One swap by `swap_timeout(timeout)`, alternating with
/// `swap_deadline(now + timeout)`, until a call does not time out: the
/// buffer received, or the partner gone. A timed-out call must leave the
/// swap pending.
fn swap_patiently<'s, S>(
    ctx: &Ctx<'_>,
    side: &'s mut Side<'_, S>,
    timeout: Duration,
    pacer: &mut Pacer,
) -> Result<&'s mut S, Disconnected> {
    let mut by_deadline = false;
    loop {
        let outcome = if by_deadline {
            side.swap_deadline(Instant::now() + timeout).map(drop)
        } else {
            side.swap_timeout(timeout).map(drop)
        };
        match outcome {
            // Not the call's own `&mut S`: returning it from the loop would
            // keep `side` borrowed across the next attempt.
            Ok(()) => return Ok(side.get_mut()),
            Err(TimeoutError::Disconnected(err)) => return Err(err),
            Err(TimeoutError::Timeout) => {
                ctx.timed_out();
                if !side.is_pending() {
                    ctx.fail(Kind::WrongError, "a timed-out swap is not pending");
                }
                pacer.retry();
            }
        }
        by_deadline = !by_deadline;
    }
}

/// Side `me` abandons swap `swap`: `swap_timeout(Duration::ZERO)`, after
/// which its block returns, whatever came of it. The partner may be there
/// (the swap completes: `received` checks the buffer it brought), or not
/// yet (the arrival stands and the swap is pending), or, for a survivor,
/// gone.
pub(crate) fn abandon_swap<S>(
    ctx: &Ctx<'_>,
    me: usize,
    swap: u32,
    side: &mut Side<'_, S>,
    received: impl FnOnce(&mut S),
) {
    let sc = ctx.scenario;
    let outcome = side.swap_timeout(Duration::ZERO).map(|got| {
        if !sc.survives(me) {
            received(got);
        }
    });
    match outcome {
        Ok(()) if !sc.survives(me) => {}
        Err(TimeoutError::Timeout) if side.is_pending() => ctx.timed_out(),
        Err(TimeoutError::Disconnected(err)) if sc.survives(me) => {
            ctx.expect_gone(me, &Observed::Disconnected(err));
        }
        other => ctx.fail(
            Kind::WrongError,
            format!("side {me}: abandoned swap {swap} returned {other:?}"),
        ),
    }
}

/// Checks that side `me` may take `err` as the end of its partner's
/// stream: it outlives a partner that returned (a partner's panic must
/// unwind it instead), and `err` counts the partner's swaps.
pub(crate) fn expect_hang_up(ctx: &Ctx<'_>, me: usize, err: Disconnected) {
    let sc = ctx.scenario;
    if !sc.hangs_up(me) {
        // A partner's panic must unwind this block, not end its stream.
        ctx.fail(
            Kind::WrongError,
            format!(
                "side {me} saw {err:?} and hung up; expected {}",
                if sc.partner_panicked(me) {
                    "to unwind with its partner's panic"
                } else {
                    "no end of stream"
                }
            ),
        );
    }
    ctx.expect_gone(me, &Observed::Disconnected(err));
}

/// Side `me` saw its partner gone at swap `completed + 1`: the end of the
/// stream. It must keep its own value for that swap, see the partner gone
/// again, and return.
fn hang_up<S, P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    side: &mut Side<'_, S>,
    buffer: &Buffer<S, P>,
    err: Disconnected,
) -> BlockEnd {
    let sc = ctx.scenario;
    expect_hang_up(ctx, me, err);
    let own = sc.value_id(me, sc.completed() + 1);
    let kept = (buffer.identity)(side.get_mut());
    if !matches!(kept, Ok(None)) && kept != Ok(Some(own)) {
        ctx.fail(
            Kind::Lost,
            format!("side {me} hung up keeping {kept:?}, expected its value {own}"),
        );
    }
    match side.try_swap() {
        Err(again) => ctx.expect_gone(me, &Observed::Disconnected(again)),
        Ok(_) => ctx.fail(
            Kind::WrongError,
            format!("side {me}: a swap after the partner returned succeeded"),
        ),
    }
    (side.swaps(), true)
}

/// `side.swap()`, after noting where it is called: the location a mismatch
/// panic must name. Both calls see the caller's location (`track_caller`).
#[track_caller]
fn swap_noting_where<'b, S>(side: &'b mut Side<'_, S>, ctx: &Ctx<'_>, me: usize) -> &'b mut S {
    *lock(ctx.swapped_at(me)) = Some(Location::caller());
    side.swap()
}

/// The name `lockstep` gives a block in its messages.
fn name(side: usize) -> &'static str {
    ["left", "right"][side]
}

/// Checks `run`'s outcome against the scenario's oracle: both results
/// (after the same swaps; a survivor that ends the stream hangs up, or
/// abandons the swap its partner never makes); or the original payload of
/// the panic that came first; or, when a block returned early and its
/// partner calls `swap`, the mismatch panic of the block left waiting.
fn judge(ctx: &Ctx<'_>, outcome: std::thread::Result<(BlockEnd, BlockEnd)>) {
    let sc = ctx.scenario;
    let completed = u64::from(sc.completed());
    let [left, right] = [0, 1].map(|side| sc.planned_arrivals(side));
    let panics = |side| sc.executes_fault(side).is_some_and(|f| f.kind.panics());
    // The side that leaves first; on a tie, a side that panics on its own
    // (left first) decides the payload.
    let first = if left < right {
        Some(0)
    } else if right < left {
        Some(1)
    } else if panics(0) {
        Some(0)
    } else if panics(1) {
        Some(1)
    } else {
        None
    };
    let ends_quietly = |side: usize| sc.ends_quietly(side);
    match (first, outcome) {
        (None, Ok(results)) => expect_results(ctx, results),
        (Some(first), Ok(results)) if !panics(first) && ends_quietly(first ^ 1) => {
            expect_results(ctx, results);
        }
        (Some(first), Err(payload)) if panics(first) => ctx.expect_planned(first, &*payload),
        (Some(first), Err(payload)) if !ends_quietly(first ^ 1) => {
            let waiting = first ^ 1;
            let location = match *lock(ctx.swapped_at(waiting)) {
                Some(location) => location.to_string(),
                None => "<no swap call>".to_owned(),
            };
            let expected = format!(
                "lockstep: the {} block returned after {}, but the {} block is \
                 waiting at swap {} ({location}); both blocks must swap equally often, or \
                 the one that may outlast its partner ends its stream with `try_swap!` \
                 (`Side::try_swap`), which is `false` (`Err`) once the partner block has \
                 returned",
                name(first),
                swaps(completed),
                name(waiting),
                completed + 1,
            );
            let got = message(&*payload);
            if got != expected {
                ctx.fail(
                    Kind::WrongError,
                    format!("run re-raised {got:?}, expected {expected:?}"),
                );
            }
        }
        (first, outcome) => {
            let expected = match first {
                None => format!("both blocks to return after {completed} swaps"),
                Some(side) if ends_quietly(side ^ 1) => format!(
                    "the {} block's return after {completed} swaps to end the {} block's stream",
                    name(side),
                    name(side ^ 1),
                ),
                Some(side) => format!(
                    "the {} block's {:?} after {completed} swaps",
                    name(side),
                    sc.executes_fault(side).map(|f| f.kind),
                ),
            };
            let got = match outcome {
                Ok(results) => format!("{results:?}"),
                Err(payload) => format!("a panic with {:?}", message(&*payload)),
            };
            ctx.fail(
                Kind::WrongError,
                format!("run: expected {expected}, got {got}"),
            );
        }
    }
}

/// Checks both blocks' results: each completed the scenario's swaps (a
/// block that abandoned a swap its partner then completed, one fewer), and
/// exactly the sides the scenario says hung up.
fn expect_results(ctx: &Ctx<'_>, results: (BlockEnd, BlockEnd)) {
    let sc = ctx.scenario;
    let completed = u64::from(sc.completed());
    for (side, (swaps, hung_up)) in [results.0, results.1].into_iter().enumerate() {
        let left_standing = sc.abandons(side) && !sc.survives(side) && swaps + 1 == completed;
        let expected = if left_standing { swaps } else { completed };
        ctx.count(&format!("{} block result", name(side)), swaps, expected);
        if hung_up != sc.hangs_up(side) {
            ctx.fail(
                Kind::WrongError,
                format!(
                    "the {} block {} up, expected it {}",
                    name(side),
                    if hung_up { "hung" } else { "did not hang" },
                    if sc.hangs_up(side) {
                        "to hang up"
                    } else {
                        "not to"
                    },
                ),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::campaign::execute_pair;
    use crate::payload::PayloadKind;
    use crate::scenario::{Call, Driver, Fault, FaultKind, Scenario, SidePlan, Tempo};
    use rendezvous_lockstep::Waiting;
    use std::time::Duration;

    fn plan(call: Call, waiting: Waiting, fault: Option<(u32, FaultKind)>) -> SidePlan {
        SidePlan {
            waiting,
            call,
            tempo: Tempo::Jittery,
            fault: fault.map(|(at, kind)| Fault {
                at,
                kind,
                written: at % 2 == 0,
            }),
            delay_seed: u64::from(at_or(fault)),
        }
    }

    fn at_or(fault: Option<(u32, FaultKind)>) -> u32 {
        fault.map_or(99, |(at, _)| at)
    }

    /// Runs `left` against `right` over every payload and both waiting
    /// strategies; no check may fail.
    pub(crate) fn clean(
        left: (Call, Option<(u32, FaultKind)>),
        right: (Call, Option<(u32, FaultKind)>),
    ) {
        for payload in PayloadKind::ALL {
            for waiting in [Waiting::Spin, Waiting::Park] {
                let scenario = Scenario {
                    driver: Driver::Lockstep,
                    payload,
                    swaps: 20,
                    sides: [
                        plan(left.0, waiting, left.1),
                        plan(right.0, waiting, right.1),
                    ],
                };
                let (failures, _) = execute_pair(&scenario);
                assert!(failures.is_empty(), "{scenario:?}: {failures:?}");
            }
        }
    }

    #[test]
    fn a_consumer_hangs_up_when_its_producer_returns() {
        for call in [Call::TrySwap, Call::Exchange] {
            clean((Call::Swap, Some((7, FaultKind::Return))), (call, None));
            clean((call, None), (Call::Exchange, Some((0, FaultKind::Return))));
        }
    }

    #[test]
    fn a_generator_hangs_up_when_its_consumer_returns() {
        for call in [Call::TrySwap, Call::Exchange] {
            clean((call, None), (Call::Swap, Some((12, FaultKind::Return))));
        }
    }

    #[test]
    fn a_panic_still_reaches_the_caller_through_try_swap_and_exchange() {
        for call in [Call::TrySwap, Call::Exchange] {
            clean((call, None), (Call::TrySwap, Some((5, FaultKind::Panic))));
            clean((Call::Exchange, Some((3, FaultKind::Panic))), (call, None));
        }
    }

    #[test]
    fn a_swap_survivor_still_panics_with_both_counts() {
        clean(
            (Call::Swap, None),
            (Call::Exchange, Some((4, FaultKind::Return))),
        );
    }

    #[test]
    fn timeouts_and_polls_meet_every_call() {
        for timeout in [0, 20, 2_000].map(|us| Call::Timeout(Duration::from_micros(us))) {
            for call in [
                Call::Swap,
                Call::TrySwap,
                Call::Exchange,
                Call::Poll,
                timeout,
            ] {
                clean((timeout, None), (call, None));
                if call != Call::Poll {
                    clean((Call::Poll, None), (call, None));
                }
            }
        }
    }

    #[test]
    fn timeouts_and_polls_hang_up_when_the_partner_returns() {
        let timeout = Call::Timeout(Duration::from_micros(20));
        for call in [timeout, Call::Poll] {
            clean((Call::Swap, Some((6, FaultKind::Return))), (call, None));
            clean((call, None), (Call::Exchange, Some((0, FaultKind::Return))));
            clean((call, None), (Call::TrySwap, Some((9, FaultKind::Panic))));
        }
    }

    #[test]
    fn an_abandoned_swap_completes_for_the_partner() {
        let abandon = Some((5, FaultKind::Abandon { panic: false }));
        let timeout = Call::Timeout(Duration::from_micros(20));
        for call in [Call::TrySwap, Call::Exchange, timeout, Call::Poll] {
            clean((Call::Swap, abandon), (call, None));
            clean((call, None), (Call::Exchange, abandon));
        }
        // A `swap` survivor panics, counting the abandoned swap.
        clean((Call::Swap, None), (Call::TrySwap, abandon));
    }

    #[test]
    fn a_survivor_abandons_the_swap_its_partner_never_makes() {
        let abandon = Some((5, FaultKind::Abandon { panic: false }));
        for partner in [FaultKind::Return, FaultKind::Panic] {
            clean((Call::Swap, Some((5, partner))), (Call::TrySwap, abandon));
            clean((Call::Exchange, abandon), (Call::Swap, Some((5, partner))));
        }
    }
}
