//! What one pair does in a run, drawn at random, and what must come of it.
//!
//! A [`Scenario`] is a pure description: drawn from a seeded RNG, printed on
//! a failure, and replayed by the same seed and run number. The *oracle*
//! methods ([`Scenario::completed`], [`Scenario::executes_fault`], ...)
//! derive from it alone what the runtime's contract promises, whatever the
//! timing: both sides complete the same number of swaps `C`, the smaller of
//! the two sides' planned arrivals; a side that planned more arrivals is the
//! *survivor* and sees its partner gone at swap `C + 1`. A lockstep
//! survivor that calls `try_swap` or `exchange` takes its partner's early
//! return as the end of the stream and returns too (it *hangs up*); one
//! that calls `swap` panics with both swap counts.

use crate::payload::PayloadKind;
use fastrand::Rng;
use rendezvous_lockstep::Waiting;
use std::time::Duration;

/// Which API drives the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Driver {
    /// `RendezvousData::new`: two threads, state in an `Arc`.
    ArcPair,
    /// `RendezvousDataState::split`: two scoped threads borrowing the state.
    BorrowedPair,
    /// `rendezvous_lockstep::lockstep::run`, which is exactly what `lockstep!`
    /// expands to: the left block on the calling thread, the right block on
    /// a scoped thread.
    Lockstep,
}

/// How a side calls for each swap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// `swap()`, which panics when the partner is gone.
    Swap,
    /// `try_swap()`, which returns `Disconnected`: for a lockstep side, the
    /// end of the stream once the partner block returned.
    TrySwap,
    /// `swap_timeout(d)` until it stops timing out. `RendezvousData` pairs
    /// only.
    Timeout(Duration),
    /// `exchange(value)` over `Option` buffers (the pair's, whatever the
    /// partner calls): the value moves to the partner, the partner's moves
    /// out of the buffer, and `Disconnected` is returned as by `TrySwap`
    /// (for a lockstep side, the end of the stream).
    Exchange,
}

impl Call {
    /// Whether a lockstep side calling this way takes its partner's return
    /// as the end of the stream rather than panicking.
    pub fn ends_stream(self) -> bool {
        matches!(self, Call::TrySwap | Call::Exchange)
    }
}

/// How long a side dawdles between swaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tempo {
    /// No delay at all.
    Fast,
    /// Mostly none; sometimes a spin, a yield, a short or a long sleep.
    Jittery,
    /// A sleep before every swap, so that the partner parks.
    Slow,
}

/// What a side does instead of its next swap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Panics while it holds its handle: the handle is dropped while the
    /// thread unwinds.
    Panic,
    /// Drops its handle (a `RendezvousData` side) or returns from its block
    /// (a lockstep side).
    Return,
    /// Arrives with `swap_timeout(Duration::ZERO)`, which may time out and
    /// leave the arrival standing, then drops the handle, panicking or not.
    /// The arrival hands the buffer over all the same. `RendezvousData`
    /// pairs only.
    Abandon {
        /// Whether it then panics rather than returns.
        panic: bool,
    },
}

impl FaultKind {
    /// Whether the side's thread panics with the campaign's own payload.
    pub fn panics(self) -> bool {
        matches!(self, FaultKind::Panic | FaultKind::Abandon { panic: true })
    }
}

/// A side's planned failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    /// After how many completed swaps.
    pub at: u32,
    /// What it does.
    pub kind: FaultKind,
    /// Whether it first writes a fresh value into its buffer, which is then
    /// never handed over and must be dropped with the pair.
    pub written: bool,
}

/// One side's plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SidePlan {
    /// Its waiting strategy (a lockstep side's through `lockstep::Builder`).
    pub waiting: Waiting,
    /// How it calls for a swap.
    pub call: Call,
    /// How long it dawdles.
    pub tempo: Tempo,
    /// Its failure, if any.
    pub fault: Option<Fault>,
    /// Seeds the side's own delays.
    pub delay_seed: u64,
}

/// One pair of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The API under test.
    pub driver: Driver,
    /// The buffer type.
    pub payload: PayloadKind,
    /// Swaps each side makes unless a fault stops it.
    pub swaps: u32,
    /// Left (the first handle) and right.
    pub sides: [SidePlan; 2],
}

impl Scenario {
    /// Draws a scenario with at most `max_swaps` swaps.
    pub fn draw(rng: &mut Rng, max_swaps: u32) -> Scenario {
        let driver = match rng.u32(0..20) {
            0..8 => Driver::ArcPair,
            8..13 => Driver::BorrowedPair,
            _ => Driver::Lockstep,
        };
        let payload = PayloadKind::ALL[rng.usize(..PayloadKind::ALL.len())];
        let tempo = [(); 2].map(|()| match rng.u32(0..20) {
            0..9 => Tempo::Fast,
            9..18 => Tempo::Jittery,
            _ => Tempo::Slow,
        });
        // A few long runs; mostly short ones, where the faults are dense.
        let mut swaps = match rng.u32(0..10) {
            0..3 => rng.u32(0..=3),
            3..7 => rng.u32(4..=32),
            _ => rng.u32(33..=max_swaps.max(33)),
        };
        if tempo.contains(&Tempo::Slow) {
            swaps = swaps.min(40);
        }
        swaps = swaps.min(max_swaps);
        let sides = tempo.map(|tempo| SidePlan {
            // A lockstep side spins rarely: against a slow partner, on more
            // threads than cores, a spinning block costs the whole run.
            waiting: match (driver, rng.u32(0..10)) {
                (Driver::Lockstep, 0) | (Driver::ArcPair | Driver::BorrowedPair, 0..4) => {
                    Waiting::Spin
                }
                _ => Waiting::Park,
            },
            call: match (driver, rng.u32(0..20)) {
                (Driver::Lockstep, 0..7) => Call::Swap,
                (Driver::Lockstep, 7..14) => Call::TrySwap,
                (Driver::Lockstep, _) => Call::Exchange,
                (_, 0..5) => Call::Swap,
                (_, 5..10) => Call::TrySwap,
                (_, 10..14) => Call::Exchange,
                _ => Call::Timeout(Duration::from_micros(
                    [0, 1, 20, 300, 2_000][rng.usize(..5)],
                )),
            },
            tempo,
            fault: if rng.u32(0..20) < 7 {
                Some(Self::draw_fault(rng, driver, swaps))
            } else {
                None
            },
            delay_seed: rng.u64(..),
        });
        Scenario {
            driver,
            payload,
            swaps,
            sides,
        }
    }

    fn draw_fault(rng: &mut Rng, driver: Driver, swaps: u32) -> Fault {
        let abandon = driver != Driver::Lockstep && swaps > 0 && rng.u32(0..4) == 0;
        let (kind, at) = if abandon {
            let panic = rng.bool();
            (FaultKind::Abandon { panic }, rng.u32(0..swaps))
        } else if rng.bool() {
            (FaultKind::Panic, rng.u32(0..=swaps))
        } else {
            (FaultKind::Return, rng.u32(0..=swaps))
        };
        Fault {
            at,
            kind,
            written: rng.bool(),
        }
    }

    /// The arrivals side `side` makes before it leaves, if its partner does
    /// not leave first: every swap without a fault; up to its fault
    /// otherwise, and one more for an abandoned swap, whose arrival stands.
    pub fn planned_arrivals(&self, side: usize) -> u32 {
        match self.sides[side].fault {
            None => self.swaps,
            Some(Fault {
                at,
                kind: FaultKind::Abandon { .. },
                ..
            }) => at + 1,
            Some(Fault { at, .. }) => at,
        }
    }

    /// The swaps both sides complete: the fewer planned arrivals.
    pub fn completed(&self) -> u32 {
        self.planned_arrivals(0).min(self.planned_arrivals(1))
    }

    /// Whether `side` reaches its fault: it has one, planned no more than
    /// `completed` swaps before it (an abandoning side may be the survivor:
    /// it still abandons the swap its partner never makes).
    pub fn executes_fault(&self, side: usize) -> Option<Fault> {
        self.sides[side]
            .fault
            .filter(|fault| fault.at <= self.completed())
    }

    /// Whether `side` outlives its partner: it waits at swap
    /// `completed + 1` for a partner that left.
    pub fn survives(&self, side: usize) -> bool {
        self.planned_arrivals(side) > self.completed()
    }

    /// Whether the partner of a survivor `side` left panicking.
    pub fn partner_panicked(&self, side: usize) -> bool {
        self.executes_fault(side ^ 1)
            .is_some_and(|fault| fault.kind.panics())
    }

    /// Whether lockstep side `side` hangs up: it outlives a partner that
    /// returned (not panicked) and calls a way that takes that as the end
    /// of the stream, so its block returns normally after `completed`
    /// swaps.
    pub fn hangs_up(&self, side: usize) -> bool {
        self.driver == Driver::Lockstep
            && self.sides[side].call.ends_stream()
            && self.survives(side)
            && !self.partner_panicked(side)
    }

    /// Whether the pair swaps `Option` buffers: a side calls `exchange`.
    pub fn optional_buffers(&self) -> bool {
        self.sides.iter().any(|plan| plan.call == Call::Exchange)
    }

    /// Identity of the value `side` makes for swap `swap` (0: its first
    /// buffer).
    pub fn value_id(&self, side: usize, swap: u32) -> u32 {
        side as u32 * (self.swaps + 2) + swap
    }

    /// How many value identities the pair can use.
    pub fn values(&self) -> u32 {
        2 * (self.swaps + 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(fault: Option<Fault>) -> SidePlan {
        SidePlan {
            waiting: Waiting::Park,
            call: Call::TrySwap,
            tempo: Tempo::Fast,
            fault,
            delay_seed: 0,
        }
    }

    fn fault(at: u32, kind: FaultKind) -> Option<Fault> {
        Some(Fault {
            at,
            kind,
            written: false,
        })
    }

    fn scenario(left: Option<Fault>, right: Option<Fault>) -> Scenario {
        Scenario {
            driver: Driver::ArcPair,
            payload: PayloadKind::Counted,
            swaps: 10,
            sides: [plan(left), plan(right)],
        }
    }

    #[test]
    fn without_faults_both_sides_complete_every_swap() {
        let s = scenario(None, None);
        assert_eq!(s.completed(), 10);
        assert!(!s.survives(0) && !s.survives(1));
    }

    #[test]
    fn the_side_that_leaves_first_decides() {
        let s = scenario(fault(3, FaultKind::Panic), fault(7, FaultKind::Return));
        assert_eq!(s.completed(), 3);
        assert!(s.survives(1) && !s.survives(0));
        assert!(s.partner_panicked(1));
        assert_eq!(s.executes_fault(1), None);
    }

    #[test]
    fn an_abandoned_arrival_completes_one_more_swap() {
        let s = scenario(fault(3, FaultKind::Abandon { panic: false }), None);
        assert_eq!(s.completed(), 4);
        assert!(s.survives(1));
        assert!(!s.partner_panicked(1));
        // Abandoning the swap the partner never makes.
        let s = scenario(
            fault(3, FaultKind::Abandon { panic: true }),
            fault(3, FaultKind::Return),
        );
        assert_eq!(s.completed(), 3);
        assert!(s.survives(0));
        assert!(s.executes_fault(0).is_some());
    }

    #[test]
    fn a_lockstep_survivor_that_ends_the_stream_hangs_up() {
        let mut s = scenario(fault(4, FaultKind::Return), None);
        s.driver = Driver::Lockstep;
        assert!(s.hangs_up(1) && !s.hangs_up(0));
        s.sides[1].call = Call::Exchange;
        assert!(s.hangs_up(1) && s.optional_buffers());
        // A `swap` survivor panics; a survivor of a panic unwinds.
        s.sides[1].call = Call::Swap;
        assert!(!s.hangs_up(1));
        s.sides[1].call = Call::TrySwap;
        s.sides[0].fault = fault(4, FaultKind::Panic);
        assert!(s.survives(1) && !s.hangs_up(1));
        // Only lockstep blocks hang up.
        s.sides[0].fault = fault(4, FaultKind::Return);
        s.driver = Driver::ArcPair;
        assert!(!s.hangs_up(1));
    }

    #[test]
    fn drawing_is_deterministic() {
        let draw = || Scenario::draw(&mut Rng::with_seed(7), 300);
        assert_eq!(draw(), draw());
    }
}
