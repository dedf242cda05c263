//! A lockstep pair that hands values one way, over `Option` buffers that
//! start empty: a stream (one block calls `give` at every swap, the other
//! `take` or `iter_take`) or one object passed back and forth (`give`, then
//! `take` it back). Run and judged by [`crate::lockstep_run`].
//!
//! The oracle is the stream's: every `take` returns the value its partner
//! handed over at that swap ([`Scenario::handed_over`]), once; a buffer is
//! empty after every hand-off; a giver whose partner returned gets
//! `Disconnected` with the partner's count, and finds the value it could
//! not hand over in its buffer, which it takes back out; and the ledger
//! proves that every value is dropped exactly once, whoever holds it when
//! the pair ends.
//!
//! [`Scenario::handed_over`]: crate::scenario::Scenario::handed_over

use crate::check::{Ctx, Kind, Planned};
use crate::lockstep_run::{BlockEnd, abandon_swap, expect_hang_up, run_blocks};
use crate::pace::Pacer;
use crate::payload::Payload;
use crate::scenario::{Call, Fault, FaultKind};
use rendezvous_lockstep::Disconnected;
use rendezvous_lockstep::lockstep::Side;
use std::panic;

/// Runs `ctx`'s scenario, a pair that hands values one way.
pub fn run<P: Payload>(ctx: &Ctx<'_>) {
    run_blocks(ctx, [None, None], |me, side| {
        if ctx.scenario.sides[me].call == Call::IterTake {
            iter_take::<P>(ctx, me, side)
        } else {
            block::<P>(ctx, me, side)
        }
    });
}

/// A block that gives or takes at each swap, as [`Scenario::gives`] says.
/// A relay's object is made by the left block and held between swaps by
/// the block whose turn it is to give.
///
/// [`Scenario::gives`]: crate::scenario::Scenario::gives
fn block<P: Payload>(ctx: &Ctx<'_>, me: usize, side: &mut Side<'_, Option<P>>) -> BlockEnd {
    let sc = ctx.scenario;
    let plan = &sc.sides[me];
    let mut pacer = Pacer::new(plan);
    let mut held =
        (plan.call == Call::Relay && me == 0).then(|| P::make(sc.handed_over(0, 1), &ctx.ledger));
    for swap in 1..=sc.swaps + 1 {
        if let Some(fault) = plan.fault.filter(|fault| fault.at == swap - 1) {
            return fault_now(ctx, me, swap, side, fault, held, &mut pacer);
        }
        if swap > sc.swaps {
            break;
        }
        pacer.pause();
        if sc.gives(me, swap) {
            let value = next_to_give(ctx, me, swap, &mut held);
            if let Err(err) = side.give(value) {
                return giver_hangs_up(ctx, me, swap, side, err);
            }
            expect_empty(ctx, me, swap, side, "give");
        } else {
            match side.take() {
                Ok(value) => {
                    ctx.arrived(me, swap, &value);
                    expect_empty(ctx, me, swap, side, "take");
                    if plan.call == Call::Relay {
                        held = Some(value);
                    }
                }
                Err(err) => return taker_hangs_up(ctx, me, side, err),
            }
        }
    }
    (side.swaps(), false)
}

/// A block that takes with `for value in side.iter_take()` until its
/// partner returns, or until its own fault.
fn iter_take<P: Payload>(ctx: &Ctx<'_>, me: usize, side: &mut Side<'_, Option<P>>) -> BlockEnd {
    let sc = ctx.scenario;
    let plan = &sc.sides[me];
    let mut pacer = Pacer::new(plan);
    let stop = plan.fault.map(|fault| fault.at);
    let mut taken = 0;
    if stop != Some(0) {
        pacer.pause();
        for value in side.iter_take() {
            taken += 1;
            ctx.arrived(me, taken, &value);
            if stop == Some(taken) {
                break;
            }
            pacer.pause();
        }
    }
    if let Some(fault) = plan.fault.filter(|fault| fault.at == taken) {
        return fault_now(ctx, me, taken + 1, side, fault, None, &mut pacer);
    }
    // The loop ended: the partner returned. The error it hid, again.
    ctx.count(
        &format!("side {me}'s iter_take"),
        side.swaps(),
        taken.into(),
    );
    expect_empty(ctx, me, taken + 1, side, "iter_take");
    match side.take() {
        Err(err) => expect_hang_up(ctx, me, err),
        Ok(_) => ctx.fail(
            Kind::WrongError,
            format!("side {me}: a take after iter_take ended succeeded"),
        ),
    }
    (side.swaps(), true)
}

/// The value side `me` gives at swap `swap`: a fresh one in a stream, the
/// object it holds in a relay.
fn next_to_give<P: Payload>(ctx: &Ctx<'_>, me: usize, swap: u32, held: &mut Option<P>) -> P {
    let sc = ctx.scenario;
    if sc.sides[me].call == Call::Relay {
        held.take()
            .expect("a relay block holds the object when it gives")
    } else {
        P::make(sc.value_id(me, swap), &ctx.ledger)
    }
}

/// After a hand-off, this block's buffer is empty: a `give` received its
/// partner's empty buffer, a `take` took the value out.
fn expect_empty<P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    swap: u32,
    side: &mut Side<'_, Option<P>>,
    call: &str,
) {
    if let Some(value) = side.get_mut() {
        ctx.fail(
            Kind::Lost,
            format!(
                "side {me} swap {swap}: {call} left {:?} in the buffer",
                value.identity()
            ),
        );
    }
}

/// A giver whose partner returned: its `give` at swap `swap` reported the
/// hang-up, and the value it could not hand over stays in its buffer. It
/// takes the value back out (dropped once, here), and a later `take`
/// reports the same hang-up.
fn giver_hangs_up<P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    swap: u32,
    side: &mut Side<'_, Option<P>>,
    err: Disconnected,
) -> BlockEnd {
    expect_hang_up(ctx, me, err);
    let expected = ctx.scenario.handed_over(me, swap);
    match side.get_mut().take().map(|value| value.identity()) {
        Some(Ok(None)) => {} // a `()` carries no identity
        Some(Ok(Some(id))) if id == expected => {}
        kept => ctx.fail(
            Kind::Lost,
            format!(
                "side {me}: give returned {err:?} and left {kept:?}, expected value {expected}"
            ),
        ),
    }
    again(ctx, me, side);
    (side.swaps(), true)
}

/// A taker whose partner returned: its buffer stays empty, and a later
/// `take` reports the same hang-up.
fn taker_hangs_up<P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    side: &mut Side<'_, Option<P>>,
    err: Disconnected,
) -> BlockEnd {
    expect_hang_up(ctx, me, err);
    expect_empty(
        ctx,
        me,
        ctx.scenario.completed() + 1,
        side,
        "a take that failed",
    );
    again(ctx, me, side);
    (side.swaps(), true)
}

/// One more `take` after the hang-up, which must report it again.
fn again<P: Payload>(ctx: &Ctx<'_>, me: usize, side: &mut Side<'_, Option<P>>) {
    match side.take() {
        Err(err) => expect_hang_up(ctx, me, err),
        Ok(_) => ctx.fail(
            Kind::WrongError,
            format!("side {me}: a take after the partner returned succeeded"),
        ),
    }
}

/// The side's planned fault, instead of swap `swap`. An abandoning block
/// arrives as its role at that swap says (a giver with the value in its
/// buffer, a taker with an empty one); otherwise a block may write a
/// value it never hands over. A relay object it holds is dropped here.
fn fault_now<P: Payload>(
    ctx: &Ctx<'_>,
    me: usize,
    swap: u32,
    side: &mut Side<'_, Option<P>>,
    fault: Fault,
    mut held: Option<P>,
    pacer: &mut Pacer,
) -> BlockEnd {
    let sc = ctx.scenario;
    pacer.pause();
    if matches!(fault.kind, FaultKind::Abandon { .. }) {
        let gives = sc.gives(me, swap);
        if gives {
            *side.get_mut() = Some(next_to_give(ctx, me, swap, &mut held));
        }
        abandon_swap(ctx, me, swap, side, |received| {
            if gives {
                if received.is_some() {
                    ctx.fail(
                        Kind::WrongError,
                        format!("side {me}: its abandoned give at swap {swap} received a value"),
                    );
                }
            } else {
                match received {
                    Some(value) => ctx.arrived(me, swap, value),
                    None => ctx.fail(
                        Kind::Lost,
                        format!("side {me}: its abandoned take at swap {swap} received nothing"),
                    ),
                }
            }
        });
    } else if fault.written {
        *side.get_mut() = Some(P::make(sc.value_id(me, swap), &ctx.ledger));
    }
    drop(held);
    if fault.kind.panics() {
        panic::panic_any(Planned { side: me });
    }
    (side.swaps(), false)
}

#[cfg(test)]
mod tests {
    use crate::lockstep_run::tests::clean;
    use crate::scenario::{Call, FaultKind};

    const RETURN: FaultKind = FaultKind::Return;
    const PANIC: FaultKind = FaultKind::Panic;
    const ABANDON: FaultKind = FaultKind::Abandon { panic: false };

    #[test]
    fn a_stream_runs_to_its_end() {
        for taker in [Call::Take, Call::IterTake] {
            clean((Call::Give, None), (taker, None));
            clean((taker, None), (Call::Give, None));
        }
    }

    #[test]
    fn a_taker_hangs_up_when_the_giver_returns() {
        for taker in [Call::Take, Call::IterTake] {
            for at in [0, 7] {
                clean((Call::Give, Some((at, RETURN))), (taker, None));
            }
            clean((taker, None), (Call::Give, Some((4, ABANDON))));
            clean((taker, None), (Call::Give, Some((3, PANIC))));
        }
    }

    #[test]
    fn a_giver_keeps_what_it_could_not_hand_over() {
        for taker in [Call::Take, Call::IterTake] {
            for at in [0, 6] {
                clean((Call::Give, None), (taker, Some((at, RETURN))));
            }
            clean((taker, Some((4, ABANDON))), (Call::Give, None));
            clean((Call::Give, None), (taker, Some((2, PANIC))));
        }
    }

    #[test]
    fn an_object_goes_back_and_forth() {
        clean((Call::Relay, None), (Call::Relay, None));
        // Each side leaves when it holds the object, and when it waits
        // for it; and abandons a give and a take.
        for at in [2, 3] {
            for fault in [RETURN, PANIC, ABANDON] {
                clean((Call::Relay, Some((at, fault))), (Call::Relay, None));
                clean((Call::Relay, None), (Call::Relay, Some((at, fault))));
            }
        }
    }
}
