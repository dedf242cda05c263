//! loom models of the protocol: every interleaving (up to the bounds below)
//! of arrive, wait, close, poison, timeout, sleep and wake.
//!
//! Run with `RUSTFLAGS="--cfg rendezvous_loom" cargo test -p rendezvous-lockstep --features loom --test loom --release`.
//! Under loom a side spins once and yields once before it parks (see
//! `waiting.rs`), so the parking handshake is part of every model.
//!
//! # The action matrix
//!
//! [`Action`] lists what a side can do at a rendezvous point: swap spinning,
//! swap sleeping (and be woken), swap with a timeout that has already
//! passed (then resume), abandon a timed-out swap, drop its handle, or
//! panic holding it. The `matrix_*` tests model every ordered pair of
//! actions, each after 0 and after 1 completed swap, and check what each
//! side sees, the buffer it receives, and that every value is dropped
//! exactly once. If the left side still holds its handle after its action,
//! it swaps once more and must see the right side gone, after the swaps
//! the right side made.
//!
//! The `end_of_stream_*` models are the loops of a consumer that runs
//! until its producer returns and of a generator that runs until its
//! consumer returns: the side that ends drops its handle (as a lockstep
//! block's side is dropped when the block returns) while its partner waits
//! in `try_swap`, spinning and parking.
//!
//! The `would_block_*` models pit a side that asks `would_block()` once
//! and then swaps (or waits) for real against a partner that arrives, or
//! drops its handle: an answer of `false` must let the next call return at
//! once (a deadline already passed does not stop it), and asking must
//! arrive nowhere (the partner gets through only with the real arrival).
//!
//! The `side_timeout_*` models are a lockstep block's `swap_timeout` with a
//! deadline already passed, against a partner block that swaps: the block
//! resumes the timed-out swap, or returns with its arrival standing, which
//! still hands its buffer over and counts as a swap for the partner. The
//! `give_*` and `take_*` models are the one-way hand-offs on `Option`
//! buffers against a partner that returns: a value a `give` could not hand
//! over stays in the giver's buffer, alive once, and a taker gets every
//! value given, then the hang-up. `lockstep::run` runs the right block on
//! a scoped std thread, which loom cannot model, and a `Side` is a borrowed
//! handle whose calls differ from the handle's only in turning a partner's
//! panic into a quiet unwind; so these models drive the owned handles (a
//! dropped handle is a block that returned), whose `give` and `take` are
//! the very methods `Side` calls. Each model whose first call can go two
//! ways asserts that both ways occur.
//!
//! Bound: one pair; each side makes 0 or 1 swaps before its action, and the
//! left side at most one after it, so at most three rendezvous per side;
//! loom's exhaustive search within that (no preemption bound, unless
//! `LOOM_MAX_PREEMPTIONS` sets one). The whole file runs in about seven
//! and a half minutes on 2 cores in release mode (449 s in CI). One more swap before the action
//! multiplies a model's time about a hundredfold (`Sleep` against `Sleep`:
//! 80 ms after 0 swaps, 8.5 s after 1), which the budget does not allow.
//!
//! A loom `Mutex` locked while a thread unwinds stays poisoned inside loom
//! (which unwraps its lock), so a panicking side cannot wake a sleeping
//! survivor in a model. Against a panicking partner every side therefore
//! waits with `Waiting::Spin` (the sleeping actions degrade to spinning);
//! the ordinary tests and the fault campaign cover the wake from a
//! panicking drop (`failure.rs`, `panicked_partner_is_reported_as_panicked`).
#![cfg(rendezvous_loom)]

mod common;

use common::Counted;
use loom::thread;
use rendezvous_lockstep::{Rendezvous, RendezvousData, TimeoutError, Waiting};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Two swaps each way: every value lands with the other side, and loom's
/// race detector sees that no buffer is ever written by both at once.
fn exchange(left_waiting: Waiting, right_waiting: Waiting) {
    loom::model(move || {
        let (mut left, mut right) = RendezvousData::new(0_u32, 100);
        left.set_waiting(left_waiting);
        right.set_waiting(right_waiting);
        let t = thread::spawn(move || {
            let got = right.swap();
            assert_eq!(*got, 0);
            *got = 101;
            *right.swap()
        });
        let got = left.swap();
        assert_eq!(*got, 100);
        *got = 1;
        assert_eq!(*left.swap(), 101);
        assert_eq!(t.join().unwrap(), 1);
    });
}

#[test]
fn swap_parking_sides() {
    exchange(Waiting::Park, Waiting::Park);
}

#[test]
fn swap_spinning_side_with_parking_side() {
    exchange(Waiting::Spin, Waiting::Park);
}

#[test]
fn barrier_two_rounds() {
    loom::model(|| {
        let (mut left, mut right) = Rendezvous::new();
        let t = thread::spawn(move || {
            right.wait();
            right.wait();
        });
        left.wait();
        left.wait();
        t.join().unwrap();
    });
}

#[test]
fn drop_before_any_swap_wakes_the_waiter() {
    loom::model(|| {
        let (mut left, right) = RendezvousData::new(1_u32, 2);
        let t = thread::spawn(move || drop(right));
        let err = left.try_swap().unwrap_err();
        assert_eq!(err.partner_swaps(), 0);
        assert!(!err.partner_panicked());
        assert_eq!(*left.get_mut(), 1);
        t.join().unwrap();
    });
}

#[test]
fn drop_after_one_swap() {
    loom::model(|| {
        let (mut left, mut right) = RendezvousData::new(1_u32, 2);
        let t = thread::spawn(move || {
            *right.swap() += 10;
        });
        assert_eq!(*left.swap(), 2);
        let err = left.try_swap().unwrap_err();
        assert_eq!(err.partner_swaps(), 1);
        assert_eq!(*left.get_mut(), 2);
        t.join().unwrap();
    });
}

/// The survivor spins here: a loom mutex locked while a thread unwinds is
/// poisoned for good inside loom (which unwraps its lock), so waking a
/// sleeper from a panicking drop is covered by the ordinary tests instead
/// (`failure.rs`, `panicked_partner_is_reported_as_panicked`).
#[test]
fn panic_marks_the_partner_panicked() {
    loom::model(|| {
        let (mut left, mut right) = RendezvousData::new(1_u32, 2);
        left.set_waiting(Waiting::Spin);
        let t = thread::spawn(move || {
            let unwound = panic::catch_unwind(AssertUnwindSafe(move || {
                right.swap();
                let _dropped_while_unwinding = right;
                panic::resume_unwind(Box::new("right side fails"));
            }));
            assert!(unwound.is_err());
        });
        assert_eq!(*left.swap(), 2);
        let err = left.try_swap().unwrap_err();
        assert!(err.partner_panicked());
        assert_eq!(err.partner_swaps(), 1);
        t.join().unwrap();
    });
}

#[test]
fn timeout_leaves_the_arrival_standing() {
    loom::model(|| {
        let (mut left, mut right) = RendezvousData::new(1_u32, 2);
        let t = thread::spawn(move || {
            let got = right.swap();
            assert_eq!(*got, 1);
            *got = 3;
            *right.swap()
        });
        // A deadline that has already passed: the partner may or may not
        // have arrived; either way the arrival stands.
        match left.swap_timeout(Duration::ZERO) {
            Ok(got) => assert_eq!(*got, 2),
            Err(TimeoutError::Timeout) => {
                assert!(left.is_pending());
                assert_eq!(*left.swap(), 2);
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
        *left.get_mut() = 4;
        assert_eq!(*left.swap(), 3);
        assert_eq!(t.join().unwrap(), 4);
    });
}

#[test]
fn both_sides_drop_at_once() {
    loom::model(|| {
        let (left, right) = Rendezvous::new();
        let t = thread::spawn(move || drop(right));
        drop(left);
        t.join().unwrap();
    });
}

/// End of stream, consumer side: the producer hands over one value and
/// returns (drops its handle, as a lockstep block's side is dropped when
/// the block returns) while the consumer loops in `try_swap`; the loop
/// must end with the partner gone after one swap, every value dropped once.
fn consumer_until_the_producer_returns(waiting: Waiting) {
    loom::model(move || {
        let live = Arc::new(AtomicUsize::new(0));
        let (mut consumer, mut producer) =
            RendezvousData::new(Counted::new(0, &live), Counted::new(0, &live));
        consumer.set_waiting(waiting);
        producer.set_waiting(waiting);
        let producer_live = Arc::clone(&live);
        let t = thread::spawn(move || {
            *producer.get_mut() = Counted::new(1, &producer_live);
            producer.swap();
        });
        let mut got = Vec::new();
        let err = loop {
            match consumer.try_swap() {
                Ok(item) => got.push(item.id),
                Err(err) => break err,
            }
        };
        assert_eq!(got, [1]);
        assert_eq!((err.partner_swaps(), err.partner_panicked()), (1, false));
        assert_eq!(consumer.get_mut().id, 1, "the consumer keeps its buffer");
        assert_eq!(consumer.try_swap().unwrap_err().partner_swaps(), 1);
        t.join().unwrap();
        drop(consumer);
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    });
}

/// End of stream, generator side: the consumer takes one value and returns
/// while the generator loops `while try_swap { write the next }`.
fn generator_until_the_consumer_returns(waiting: Waiting) {
    loom::model(move || {
        let live = Arc::new(AtomicUsize::new(0));
        let (mut generator, mut consumer) =
            RendezvousData::new(Counted::new(1, &live), Counted::new(0, &live));
        generator.set_waiting(waiting);
        consumer.set_waiting(waiting);
        let t = thread::spawn(move || consumer.swap().id);
        let mut next = 1;
        let err = loop {
            match generator.try_swap() {
                Ok(buffer) => {
                    next += 1;
                    *buffer = Counted::new(next, &live);
                }
                Err(err) => break err,
            }
        };
        assert_eq!(t.join().unwrap(), 1);
        assert_eq!((err.partner_swaps(), err.partner_panicked()), (1, false));
        assert_eq!(
            (next, generator.get_mut().id),
            (2, 2),
            "made, never handed over"
        );
        drop(generator);
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    });
}

#[test]
fn end_of_stream_consumer_spinning() {
    consumer_until_the_producer_returns(Waiting::Spin);
}

#[test]
fn end_of_stream_consumer_parking() {
    consumer_until_the_producer_returns(Waiting::Park);
}

#[test]
fn end_of_stream_generator_spinning() {
    generator_until_the_consumer_returns(Waiting::Spin);
}

#[test]
fn end_of_stream_generator_parking() {
    generator_until_the_consumer_returns(Waiting::Park);
}

/// Which answers a question got across the interleavings of a model
/// (`would_block()`, or whether a swap timed out): each model must see
/// both, or it checked only one of its branches.
#[derive(Default)]
struct Answers([AtomicBool; 2]);

impl Answers {
    fn saw(&self, answer: bool) {
        self.0[usize::from(answer)].store(true, Ordering::Relaxed);
    }

    fn assert_both(&self) {
        let [no, yes] = [0, 1].map(|i| self.0[i].load(Ordering::Relaxed));
        assert!(no && yes, "answers seen: false {no}, true {yes}");
    }
}

/// `would_block()` before a swap, against a partner that swaps: `false`
/// only once the partner waits at the swap, so that a swap whose deadline
/// has passed completes; and asking arrives nowhere, so the partner's swap
/// returns only after the poller's real arrival, with the value the poller
/// wrote after it asked (a partner let through by the question would read
/// the old value, or race with the write).
fn would_block_before_a_swap(poller_waiting: Waiting, partner_waiting: Waiting) {
    let answers = Arc::new(Answers::default());
    let seen = Arc::clone(&answers);
    loom::model(move || {
        let (mut poller, mut partner) = RendezvousData::new(0_u32, 100);
        poller.set_waiting(poller_waiting);
        partner.set_waiting(partner_waiting);
        let t = thread::spawn(move || {
            let got = *partner.swap();
            (got, partner.swaps())
        });
        let blocks = poller.would_block();
        seen.saw(blocks);
        *poller.get_mut() = 1;
        if blocks {
            assert_eq!(*poller.swap(), 100);
        } else {
            assert_eq!(
                poller.swap_timeout(Duration::ZERO).copied(),
                Ok(100),
                "would_block() said the partner waits at the swap"
            );
        }
        assert_eq!(poller.swaps(), 1);
        assert_eq!(
            t.join().unwrap(),
            (1, 1),
            "the partner swapped with the poller's arrival, not its question"
        );
    });
    answers.assert_both();
}

#[test]
fn would_block_against_a_spinning_swap() {
    would_block_before_a_swap(Waiting::Spin, Waiting::Spin);
}

#[test]
fn would_block_against_a_parking_swap() {
    would_block_before_a_swap(Waiting::Park, Waiting::Park);
}

/// As [`would_block_before_a_swap`], on the barrier: what the poller does
/// after asking must happen-before the partner's return from `wait`.
#[test]
fn would_block_before_a_wait() {
    let answers = Arc::new(Answers::default());
    let seen = Arc::clone(&answers);
    loom::model(move || {
        let (mut poller, mut partner) = Rendezvous::new();
        let asked = Arc::new(loom::sync::atomic::AtomicBool::new(false));
        let partner_asked = Arc::clone(&asked);
        let t = thread::spawn(move || {
            partner.wait();
            // ORDERING: Relaxed: the rendezvous orders the store before it.
            assert!(
                partner_asked.load(Ordering::Relaxed),
                "the partner passed the barrier before the poller arrived"
            );
        });
        let blocks = poller.would_block();
        seen.saw(blocks);
        asked.store(true, Ordering::Relaxed);
        if blocks {
            poller.wait();
        } else {
            assert_eq!(
                poller.wait_timeout(Duration::ZERO),
                Ok(()),
                "would_block() said the partner waits"
            );
        }
        t.join().unwrap();
    });
    answers.assert_both();
}

/// `would_block()` against a partner that drops its handle without
/// arriving: `false` once the drop is visible, and the swap then reports
/// the hang-up at once (not a timeout); after the hang-up, `false` for good.
fn would_block_until_the_partner_is_gone(waiting: Waiting) {
    let answers = Arc::new(Answers::default());
    let seen = Arc::clone(&answers);
    loom::model(move || {
        let (mut poller, partner) = RendezvousData::new(1_u32, 2);
        poller.set_waiting(waiting);
        let t = thread::spawn(move || drop(partner));
        let blocks = poller.would_block();
        seen.saw(blocks);
        let err = if blocks {
            poller.try_swap().unwrap_err()
        } else {
            match poller.swap_timeout(Duration::ZERO) {
                Err(TimeoutError::Disconnected(err)) => err,
                other => panic!("would_block() said the partner is gone; got {other:?}"),
            }
        };
        assert_eq!((err.partner_swaps(), err.partner_panicked()), (0, false));
        assert!(!poller.would_block(), "a partner gone never blocks");
        assert_eq!(*poller.get_mut(), 1, "the poller keeps its buffer");
        t.join().unwrap();
    });
    answers.assert_both();
}

#[test]
fn would_block_until_a_spinning_side_sees_the_drop() {
    would_block_until_the_partner_is_gone(Waiting::Spin);
}

#[test]
fn would_block_until_a_parking_side_sees_the_drop() {
    would_block_until_the_partner_is_gone(Waiting::Park);
}

/// A lockstep block's `swap_timeout(Duration::ZERO)` against a partner
/// block that swaps, then returns. `Side::swap_timeout` is the handle's
/// `swap_timeout` (its own code only turns a partner's panic into a quiet
/// unwind), and `lockstep::run`'s scoped thread cannot run under loom, so
/// the models drive the handles: a dropped handle is a block that returned.
///
/// Either the partner is there and the swap completes at once, or it times
/// out: the arrival stands, the block owns no buffer and has completed no
/// swap, and its next swap resumes that same swap rather than arriving
/// again. Either way each side receives the other's value once, and the
/// partner's next swap finds the block gone after exactly one swap (a
/// resume that arrived a second time would let it through).
///
/// The block waits with `Waiting::Park`, which checks its deadline before
/// it yields: under loom a spin is a yield that lets the partner run, so a
/// spinning block always sees the partner arrive before its deadline check
/// and never times out. The partner waits as `partner_waiting` says.
fn timed_out_swap_resumes(partner_waiting: Waiting) {
    let answers = Arc::new(Answers::default());
    let seen = Arc::clone(&answers);
    loom::model(move || {
        let live = Arc::new(AtomicUsize::new(0));
        let (mut block, mut partner) =
            RendezvousData::new(Counted::new(id(0, 1), &live), Counted::new(id(1, 1), &live));
        block.set_waiting(Waiting::Park);
        partner.set_waiting(partner_waiting);
        let t = thread::spawn(move || {
            assert_eq!(partner.swap().id, id(0, 1));
            let err = partner.try_swap().unwrap_err();
            assert_eq!((err.partner_swaps(), err.partner_panicked()), (1, false));
            assert_eq!(partner.get_mut().id, id(0, 1), "kept, as received");
        });
        let timed_out = match block.swap_timeout(Duration::ZERO) {
            Ok(got) => {
                assert_eq!(got.id, id(1, 1));
                false
            }
            Err(TimeoutError::Timeout) => {
                assert!(block.is_pending());
                assert_eq!(block.swaps(), 0, "a timed-out swap is not completed");
                assert_eq!(block.try_swap().unwrap().id, id(1, 1), "the resume");
                true
            }
            Err(other) => panic!("unexpected {other:?}"),
        };
        seen.saw(timed_out);
        assert!(!block.is_pending());
        assert_eq!(block.swaps(), 1);
        drop(block); // the block returns
        t.join().unwrap();
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    });
    answers.assert_both();
}

#[test]
fn side_timeout_then_resume_against_a_spinning_swap() {
    timed_out_swap_resumes(Waiting::Spin);
}

#[test]
fn side_timeout_then_resume_against_a_parking_swap() {
    timed_out_swap_resumes(Waiting::Park);
}

/// A lockstep block whose `swap_timeout(Duration::ZERO)` may time out and
/// which then returns, whatever came of it, against a partner block that
/// swaps (handles, as in [`timed_out_swap_resumes`]). The arrival stands,
/// so the partner's swap completes with the returned block's buffer; its
/// next swap reports the hang-up after one swap: the count that the
/// mismatch panic and `try_swap`'s error report, though the block itself
/// completed no swap when it timed out. The block parks, as in
/// [`timed_out_swap_resumes`].
fn timed_out_block_returns(partner_waiting: Waiting) {
    let answers = Arc::new(Answers::default());
    let seen = Arc::clone(&answers);
    loom::model(move || {
        let live = Arc::new(AtomicUsize::new(0));
        let (mut block, mut partner) =
            RendezvousData::new(Counted::new(id(0, 1), &live), Counted::new(id(1, 1), &live));
        block.set_waiting(Waiting::Park);
        partner.set_waiting(partner_waiting);
        let t = thread::spawn(move || {
            assert_eq!(
                partner.try_swap().unwrap().id,
                id(0, 1),
                "the returned block's buffer"
            );
            assert_eq!(partner.swaps(), 1);
            let err = partner.try_swap().unwrap_err();
            assert_eq!((err.partner_swaps(), err.partner_panicked()), (1, false));
            assert_eq!(partner.get_mut().id, id(0, 1), "kept, as received");
        });
        let timed_out = match block.swap_timeout(Duration::ZERO) {
            Ok(got) => {
                assert_eq!(got.id, id(1, 1));
                assert_eq!(block.swaps(), 1);
                false
            }
            Err(TimeoutError::Timeout) => {
                assert!(block.is_pending());
                assert_eq!(block.swaps(), 0);
                true
            }
            Err(other) => panic!("unexpected {other:?}"),
        };
        seen.saw(timed_out);
        drop(block); // the block returns, its arrival standing or not
        t.join().unwrap();
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    });
    answers.assert_both();
}

#[test]
fn side_timeout_then_return_against_a_spinning_swap() {
    timed_out_block_returns(Waiting::Spin);
}

#[test]
fn side_timeout_then_return_against_a_parking_swap() {
    timed_out_block_returns(Waiting::Park);
}

/// The one-way hand-offs on `Option` buffers, `give` and `take`, on the
/// handles (`lockstep::run`, whose `Side` calls the very same methods,
/// cannot run under loom). A giver whose taker takes one value and returns
/// (drops its handle)
/// before taking the next: the second `give` reports the hang-up after
/// one swap, and its value stays in the giver's buffer, alive once: not
/// lost, not dropped, and recovered with `get_mut().take()`; a later call
/// reports the same hang-up.
fn give_to_a_taker_that_returns(waiting: Waiting) {
    loom::model(move || {
        let live = Arc::new(AtomicUsize::new(0));
        let (mut giver, mut taker) = RendezvousData::new(None::<Counted>, None);
        giver.set_waiting(waiting);
        taker.set_waiting(waiting);
        let t = thread::spawn(move || taker.take().unwrap().id);
        giver.give(Counted::new(1, &live)).unwrap();
        let err = giver.give(Counted::new(2, &live)).unwrap_err();
        assert_eq!((err.partner_swaps(), err.partner_panicked()), (1, false));
        assert_eq!(t.join().unwrap(), 1);
        assert_eq!(live.load(Ordering::SeqCst), 1, "value 2 is alive, once");
        let kept = giver.get_mut().take().expect("value 2 stays in the buffer");
        assert_eq!(kept.id, 2);
        drop(kept);
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
        assert_eq!(giver.take().unwrap_err(), err, "the hang-up, again");
    });
}

#[test]
fn give_to_a_spinning_taker_that_returns() {
    give_to_a_taker_that_returns(Waiting::Spin);
}

#[test]
fn give_to_a_parking_taker_that_returns() {
    give_to_a_taker_that_returns(Waiting::Park);
}

/// A taker whose giver gives one value and returns: `iter_take` gets that
/// value once and ends at the hang-up, which `take` then reports after one
/// swap, again on every call; the taker's buffer stays empty.
fn take_from_a_giver_that_returns(waiting: Waiting) {
    loom::model(move || {
        let live = Arc::new(AtomicUsize::new(0));
        let (mut taker, mut giver) = RendezvousData::new(None::<Counted>, None);
        taker.set_waiting(waiting);
        giver.set_waiting(waiting);
        let giver_live = Arc::clone(&live);
        let t = thread::spawn(move || giver.give(Counted::new(1, &giver_live)).unwrap());
        // Each value is dropped as soon as its id is read.
        let taken: Vec<u64> = taker.iter_take().map(|value| value.id).collect();
        assert_eq!(taken, [1]);
        let err = taker.take().unwrap_err();
        assert_eq!((err.partner_swaps(), err.partner_panicked()), (1, false));
        assert!(taker.get_mut().is_none(), "the taker's buffer stays empty");
        assert_eq!(taker.take().unwrap_err(), err, "the hang-up, again");
        t.join().unwrap();
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    });
}

#[test]
fn take_from_a_spinning_giver_that_returns() {
    take_from_a_giver_that_returns(Waiting::Spin);
}

#[test]
fn take_from_a_parking_giver_that_returns() {
    take_from_a_giver_that_returns(Waiting::Park);
}

/// What a side does at a rendezvous point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// `try_swap` with `Waiting::Spin`.
    Swap,
    /// `try_swap` with `Waiting::Park`: it sleeps if the partner is late,
    /// and the partner's arrival or drop must wake it.
    Sleep,
    /// `swap_timeout(Duration::ZERO)`; if that times out, the arrival
    /// stands and a `try_swap` resumes the same swap.
    Timeout,
    /// `swap_timeout(Duration::ZERO)`, then the handle is dropped whatever
    /// came of it: the arrival stands, so the swap completes for the partner.
    Abandon,
    /// The handle is dropped without arriving.
    Drop,
    /// The thread panics holding the handle, which is dropped while it
    /// unwinds.
    Panic,
}

impl Action {
    const ALL: [Action; 6] = [
        Action::Swap,
        Action::Sleep,
        Action::Timeout,
        Action::Abandon,
        Action::Drop,
        Action::Panic,
    ];

    /// Whether the side arrives at the rendezvous point.
    fn arrives(self) -> bool {
        !matches!(self, Action::Drop | Action::Panic)
    }

    /// How the side waits, given its partner's action (see the module
    /// docs: never asleep against a panicking partner).
    fn waiting(self, partner: Action) -> Waiting {
        match self {
            Action::Swap => Waiting::Spin,
            _ if partner == Action::Panic => Waiting::Spin,
            _ => Waiting::Park,
        }
    }
}

/// The value side `side` hands over at swap `swap` (0: its first buffer).
fn id(side: u64, swap: u64) -> u64 {
    100 * side + swap
}

/// Side `me` of a pair: `before` swaps, then `action`, against a partner
/// that does `before` swaps and then `partner`. Returns the handle if the
/// side still holds it.
fn act(
    mut handle: RendezvousData<Counted>,
    me: u64,
    action: Action,
    partner: Action,
    before: u64,
    live: &Arc<AtomicUsize>,
) -> Option<RendezvousData<Counted>> {
    handle.set_waiting(action.waiting(partner));
    for swap in 1..=before {
        *handle.get_mut() = Counted::new(id(me, swap), live);
        assert_eq!(handle.try_swap().unwrap().id, id(1 - me, swap));
    }
    let swap = before + 1;
    let got = match action {
        Action::Swap | Action::Sleep => {
            *handle.get_mut() = Counted::new(id(me, swap), live);
            handle.try_swap().map(drop)
        }
        Action::Timeout | Action::Abandon => {
            *handle.get_mut() = Counted::new(id(me, swap), live);
            match handle.swap_timeout(Duration::ZERO).map(drop) {
                Ok(()) => Ok(()),
                Err(TimeoutError::Disconnected(err)) => Err(err),
                Err(TimeoutError::Timeout) => {
                    assert!(handle.is_pending());
                    if action == Action::Abandon {
                        return None; // dropped with its arrival standing
                    }
                    handle.try_swap().map(drop)
                }
            }
        }
        Action::Drop => return None,
        Action::Panic => {
            let unwound = panic::catch_unwind(AssertUnwindSafe(move || {
                let _dropped_while_unwinding = handle;
                // resume_unwind: no panic hook, so no message per interleaving.
                panic::resume_unwind(Box::new("planned panic"));
            }));
            assert!(unwound.is_err());
            return None;
        }
    };
    // The partner's value if it arrives; else the partner gone after
    // `before` swaps, and this side keeps its own buffer.
    match got {
        Ok(()) => {
            assert!(partner.arrives(), "{action:?} swapped with {partner:?}");
            assert_eq!(handle.get_mut().id, id(1 - me, swap));
            assert_eq!(handle.swaps(), swap);
        }
        Err(err) => {
            assert!(!partner.arrives(), "{action:?} missed {partner:?}");
            assert_eq!(err.partner_swaps(), before);
            assert_eq!(err.partner_panicked(), partner == Action::Panic);
            assert_eq!(handle.get_mut().id, id(me, swap));
            assert_eq!(handle.swaps(), before);
        }
    }
    (action != Action::Abandon).then_some(handle)
}

/// Models `left` against `right`, each after `before` completed swaps.
fn pair(left: Action, right: Action, before: u64) {
    loom::model(move || {
        let live = Arc::new(AtomicUsize::new(0));
        let (l, r) =
            RendezvousData::new(Counted::new(id(0, 0), &live), Counted::new(id(1, 0), &live));
        let right_live = Arc::clone(&live);
        let t = thread::spawn(move || drop(act(r, 1, right, left, before, &right_live)));
        if let Some(mut l) = act(l, 0, left, right, before, &live) {
            // Left holds on: one more swap. Right, whatever it did, leaves
            // without a panic after `before + 1` arrivals at most.
            let err = l.try_swap().unwrap_err();
            let right_swaps = before + u64::from(right.arrives());
            assert_eq!(err.partner_swaps(), right_swaps);
            assert_eq!(err.partner_panicked(), right == Action::Panic);
        }
        t.join().unwrap();
        // Both handles are gone, and with them the pair's state.
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    });
}

/// Every action of the right side against `left`, after 0 and 1 swaps.
fn against_every_action(left: Action) {
    for before in [0, 1] {
        for right in Action::ALL {
            let started = std::time::Instant::now();
            pair(left, right, before);
            println!(
                "{left:?} against {right:?} after {before} swaps: {:?}",
                started.elapsed()
            );
        }
    }
}

#[test]
fn matrix_swap() {
    against_every_action(Action::Swap);
}

#[test]
fn matrix_sleep() {
    against_every_action(Action::Sleep);
}

#[test]
fn matrix_timeout() {
    against_every_action(Action::Timeout);
}

#[test]
fn matrix_abandon() {
    against_every_action(Action::Abandon);
}

#[test]
fn matrix_drop() {
    against_every_action(Action::Drop);
}

#[test]
fn matrix_panic() {
    against_every_action(Action::Panic);
}
