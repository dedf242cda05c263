//! What one pair does in a run, drawn at random, and what must come of it.
//!
//! A [`Scenario`] is a pure description: drawn from a seeded RNG, printed on
//! a failure, and replayed by the same seed and run number. The *oracle*
//! methods ([`Scenario::completed`], [`Scenario::executes_fault`], ...)
//! derive from it alone what the runtime's contract promises, whatever the
//! timing: both sides complete the same number of swaps `C`, the smaller of
//! the two sides' planned arrivals; a side that planned more arrivals is the
//! *survivor* and sees its partner gone at swap `C + 1`. A lockstep
//! survivor that calls anything but `swap` takes its partner's early
//! return as the end of the stream and returns too (it *hangs up*); one
//! that calls `swap` panics with both swap counts.
//!
//! A lockstep pair either calls the swaps (each side its own way), or hands
//! values one way with `give` and `take` over `Option` buffers: a stream
//! from one block to the other, or one object passed back and forth
//! ([`Call::Relay`]). [`Scenario::gives`] says who gives at each swap, and
//! [`Scenario::handed_over`] which value.

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
    /// `swap_timeout(d)` until it stops timing out (a lockstep side
    /// alternates it with `swap_deadline(now + d)`).
    Timeout(Duration),
    /// `exchange(value)` over `Option` buffers (the pair's, whatever the
    /// partner calls): the value moves to the partner, the partner's moves
    /// out of the buffer, and `Disconnected` is returned as by `TrySwap`
    /// (for a lockstep side, the end of the stream).
    Exchange,
    /// `would_block()` until it is `false`, then `swap_timeout(Duration::ZERO)`,
    /// which must not time out. Lockstep sides only, never both of a pair
    /// (each would wait for the other to arrive first).
    Poll,
    /// `give(value)` at every swap: a stream to a partner that takes.
    /// Lockstep pairs over `Option` buffers only, as are the three below.
    Give,
    /// `take()` at every swap, from a partner that gives.
    Take,
    /// `iter_take()`: takes whatever the partner gives until it returns, so
    /// it plans no count of its own.
    IterTake,
    /// One object passed back and forth: the left block makes it, gives it
    /// at odd swaps and takes it back at even ones; the right block takes
    /// at odd swaps and gives it back at even ones.
    Relay,
}

impl Call {
    /// Whether a lockstep side calling this way takes its partner's return
    /// as the end of the stream rather than panicking: every call but
    /// `swap` returns the hang-up as an error.
    pub fn ends_stream(self) -> bool {
        self != Call::Swap
    }

    /// Whether this is a one-way hand-off (`give` or `take`).
    pub fn hands_off(self) -> bool {
        matches!(self, Call::Give | Call::Take | Call::IterTake | Call::Relay)
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
    /// leave the arrival standing, then drops the handle, panicking or not
    /// (a lockstep block returns, never panics). The arrival hands the
    /// buffer over all the same.
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
        let mut calls = Self::draw_calls(rng, driver).into_iter();
        let sides = tempo.map(|tempo| SidePlan {
            // A lockstep side spins rarely: against a slow partner, on more
            // threads than cores, a spinning block costs the whole run.
            waiting: match (driver, rng.u32(0..10)) {
                (Driver::Lockstep, 0) | (Driver::ArcPair | Driver::BorrowedPair, 0..4) => {
                    Waiting::Spin
                }
                _ => Waiting::Park,
            },
            call: calls.next().expect("a call per side"),
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

    /// Both sides' calls. A lockstep pair hands values one way in 7 of 20
    /// pairs (a stream in 4, an object passed back and forth in 3), and
    /// otherwise draws each side's swap call.
    fn draw_calls(rng: &mut Rng, driver: Driver) -> [Call; 2] {
        let timeout = |rng: &mut Rng| {
            Call::Timeout(Duration::from_micros(
                [0, 1, 20, 300, 2_000][rng.usize(..5)],
            ))
        };
        if driver != Driver::Lockstep {
            return [(); 2].map(|()| match rng.u32(0..20) {
                0..5 => Call::Swap,
                5..10 => Call::TrySwap,
                10..14 => Call::Exchange,
                _ => timeout(rng),
            });
        }
        match rng.u32(0..20) {
            0..4 => {
                let taker = if rng.bool() {
                    Call::Take
                } else {
                    Call::IterTake
                };
                let mut calls = [Call::Give, taker];
                if rng.bool() {
                    calls.reverse();
                }
                calls
            }
            4..7 => [Call::Relay; 2],
            _ => {
                let mut calls = [(); 2].map(|()| match rng.u32(0..20) {
                    0..5 => Call::Swap,
                    5..9 => Call::TrySwap,
                    9..13 => Call::Exchange,
                    13..17 => timeout(rng),
                    _ => Call::Poll,
                });
                if calls == [Call::Poll; 2] {
                    calls[1] = Call::TrySwap;
                }
                calls
            }
        }
    }

    fn draw_fault(rng: &mut Rng, driver: Driver, swaps: u32) -> Fault {
        let abandon = swaps > 0 && rng.u32(0..4) == 0;
        let (kind, at) = if abandon {
            // A lockstep block that gives up returns: `lockstep::run` has
            // no way to abandon a swap and panic that a panic alone lacks.
            let panic = rng.bool() && driver != Driver::Lockstep;
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
    /// not leave first: every swap without a fault (one more for an
    /// `iter_take` side, which takes until its partner returns); up to its
    /// fault otherwise, and one more for an abandoned swap, whose arrival
    /// stands.
    pub fn planned_arrivals(&self, side: usize) -> u32 {
        match self.sides[side].fault {
            None if self.sides[side].call == Call::IterTake => self.swaps + 1,
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
    /// swaps. (A survivor that abandons the swap its partner never makes
    /// returns through its fault instead.)
    pub fn hangs_up(&self, side: usize) -> bool {
        self.driver == Driver::Lockstep
            && self.sides[side].call.ends_stream()
            && self.survives(side)
            && !self.partner_panicked(side)
            && self.executes_fault(side).is_none()
    }

    /// Whether `side` abandons a timed-out swap.
    pub fn abandons(&self, side: usize) -> bool {
        self.executes_fault(side)
            .is_some_and(|fault| matches!(fault.kind, FaultKind::Abandon { .. }))
    }

    /// Whether lockstep side `side` outlives a partner that returned and
    /// returns too, without a panic: it hangs up, or abandons the swap its
    /// partner never makes.
    pub fn ends_quietly(&self, side: usize) -> bool {
        self.hangs_up(side)
            || (self.driver == Driver::Lockstep
                && self.survives(side)
                && self.abandons(side)
                && !self.partner_panicked(side))
    }

    /// Whether the pair swaps `Option` buffers: a side calls `exchange`, or
    /// the pair hands values one way.
    pub fn optional_buffers(&self) -> bool {
        self.hands_off() || self.sides.iter().any(|plan| plan.call == Call::Exchange)
    }

    /// Whether the pair hands values one way with `give` and `take`.
    pub fn hands_off(&self) -> bool {
        self.sides[0].call.hands_off()
    }

    /// Whether `side` gives (rather than takes) at swap `swap` of a pair
    /// that hands values one way.
    pub fn gives(&self, side: usize, swap: u32) -> bool {
        match self.sides[side].call {
            Call::Give => true,
            Call::Relay => (swap % 2 == 1) == (side == 0),
            _ => false,
        }
    }

    /// Identity of the value `side` hands over at swap `swap`: the value it
    /// makes for that swap, or in a relay the one object, which is the
    /// left block's first value (a relay's buffers start empty).
    pub fn handed_over(&self, side: usize, swap: u32) -> u32 {
        if self.sides[side].call == Call::Relay {
            self.value_id(0, 0)
        } else {
            self.value_id(side, swap)
        }
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
    fn an_iter_take_side_takes_until_its_giver_returns() {
        let mut s = scenario(None, None);
        s.driver = Driver::Lockstep;
        s.sides[0].call = Call::Give;
        s.sides[1].call = Call::IterTake;
        assert!(s.hands_off() && s.optional_buffers());
        assert_eq!((s.planned_arrivals(1), s.completed()), (11, 10));
        assert!(s.survives(1) && s.hangs_up(1));
        assert!(s.gives(0, 3) && !s.gives(1, 3));
        assert_eq!(s.handed_over(0, 3), s.value_id(0, 3));
        // Its own fault ends it instead.
        s.sides[1].fault = fault(4, FaultKind::Return);
        assert!(s.survives(0) && s.hangs_up(0) && !s.survives(1));
    }

    #[test]
    fn a_relay_passes_one_object_back_and_forth() {
        let mut s = scenario(None, None);
        s.driver = Driver::Lockstep;
        s.sides = [plan(None), plan(None)].map(|plan| SidePlan {
            call: Call::Relay,
            ..plan
        });
        for swap in 1..=4 {
            let left_gives = swap % 2 == 1;
            assert_eq!(
                (s.gives(0, swap), s.gives(1, swap)),
                (left_gives, !left_gives)
            );
            assert_eq!(s.handed_over(0, swap), s.value_id(0, 0));
            assert_eq!(s.handed_over(1, swap), s.value_id(0, 0));
        }
    }

    #[test]
    fn a_lockstep_survivor_that_abandons_ends_quietly() {
        let abandon = fault(3, FaultKind::Abandon { panic: false });
        let mut s = scenario(fault(3, FaultKind::Return), abandon);
        s.driver = Driver::Lockstep;
        assert_eq!(s.completed(), 3);
        assert!(s.survives(1) && s.abandons(1));
        assert!(!s.hangs_up(1) && s.ends_quietly(1));
        // Not when the partner panicked: that unwinds it.
        s.sides[0].fault = fault(3, FaultKind::Panic);
        assert!(!s.ends_quietly(1));
        // A block that abandons first leaves its partner one more swap.
        s.sides[0].fault = None;
        assert_eq!(s.completed(), 4);
        assert!(s.hangs_up(0) && !s.ends_quietly(1));
    }

    #[test]
    fn drawn_pairs_agree_on_who_gives() {
        let mut rng = Rng::with_seed(11);
        for _ in 0..5_000 {
            let s = Scenario::draw(&mut rng, 300);
            let calls = [s.sides[0].call, s.sides[1].call];
            let lockstep_only = |call: Call| call == Call::Poll || call.hands_off();
            if s.driver != Driver::Lockstep {
                assert!(!calls.into_iter().any(lockstep_only), "{s:?}");
                continue;
            }
            assert_ne!(calls, [Call::Poll; 2], "both would wait for the other");
            if s.hands_off() {
                let takes = |call| matches!(call, Call::Take | Call::IterTake);
                let agree = calls == [Call::Relay; 2]
                    || (calls[0] == Call::Give && takes(calls[1]))
                    || (calls[1] == Call::Give && takes(calls[0]));
                assert!(agree, "{s:?}");
            } else {
                assert!(!calls.into_iter().any(Call::hands_off), "{s:?}");
            }
            for side in 0..2 {
                let fault = s.sides[side].fault.map(|fault| fault.kind);
                assert_ne!(fault, Some(FaultKind::Abandon { panic: true }), "{s:?}");
            }
        }
    }

    #[test]
    fn drawing_is_deterministic() {
        let draw = || Scenario::draw(&mut Rng::with_seed(7), 300);
        assert_eq!(draw(), draw());
    }
}
