//! A scenario through `rendezvous_lockstep::lockstep::run`, which is exactly what
//! the `lockstep!` macro expands to: the left block on the calling thread,
//! the right block on a scoped thread, one `RendezvousData` pair between.

use crate::check::{Ctx, Kind, Planned, lock, message};
use crate::pace::Pacer;
use crate::payload::Payload;
use rendezvous_lockstep::lockstep::{self, Side};
use std::panic::{self, AssertUnwindSafe, Location};

/// Runs `ctx`'s scenario as two lockstep blocks and checks what `run`
/// returned or re-raised.
pub fn run<P: Payload>(ctx: &Ctx<'_>) {
    let sc = ctx.scenario;
    let first = |side| P::make(sc.value_id(side, 0), &ctx.ledger);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        lockstep::run(
            first(0),
            first(1),
            |side| block(ctx, 0, side),
            |side| block(ctx, 1, side),
        )
    }));
    judge(ctx, outcome);
}

/// One block: before swap `i` it makes value `(me, i)`; after it, it must
/// hold `(partner, i)`. Returns its completed swaps.
fn block<P: Payload>(ctx: &Ctx<'_>, me: usize, side: &mut Side<'_, P>) -> u64 {
    let sc = ctx.scenario;
    let plan = &sc.sides[me];
    let mut pacer = Pacer::new(plan);
    for swap in 1..=sc.swaps + 1 {
        if let Some(fault) = plan.fault.filter(|fault| fault.at == swap - 1) {
            pacer.pause();
            if fault.written {
                *side.get_mut() = P::make(sc.value_id(me, swap), &ctx.ledger);
            }
            if fault.kind.panics() {
                panic::panic_any(Planned { side: me });
            }
            return side.swaps();
        }
        if swap > sc.swaps {
            break;
        }
        pacer.pause();
        *side.get_mut() = P::make(sc.value_id(me, swap), &ctx.ledger);
        let got = swap_noting_where(side, ctx, me);
        ctx.arrived(me, swap, got);
    }
    side.swaps()
}

/// `side.swap()`, after noting where it is called: the location a mismatch
/// panic must name. Both calls see the caller's location (`track_caller`).
#[track_caller]
fn swap_noting_where<'b, P>(side: &'b mut Side<'_, P>, ctx: &Ctx<'_>, me: usize) -> &'b mut P {
    *lock(ctx.swapped_at(me)) = Some(Location::caller());
    side.swap()
}

/// The name `lockstep` gives a block in its messages.
fn name(side: usize) -> &'static str {
    ["left", "right"][side]
}

/// Checks `run`'s outcome against the scenario's oracle: both results; or
/// the original payload of the panic that came first; or, when a block
/// returned early, the mismatch panic of the block left waiting.
fn judge(ctx: &Ctx<'_>, outcome: std::thread::Result<(u64, u64)>) {
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
    match (first, outcome) {
        (None, Ok((got_left, got_right))) => {
            ctx.count("left block result", got_left, completed);
            ctx.count("right block result", got_right, completed);
        }
        (Some(first), Err(payload)) if panics(first) => ctx.expect_planned(first, &*payload),
        (Some(first), Err(payload)) => {
            let waiting = first ^ 1;
            let location = match *lock(ctx.swapped_at(waiting)) {
                Some(location) => location.to_string(),
                None => "<no swap call>".to_owned(),
            };
            let expected = format!(
                "lockstep: the {} block returned after {completed} swaps, but the {} block is \
                 waiting at swap {} ({location}); both blocks must swap equally often",
                name(first),
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
