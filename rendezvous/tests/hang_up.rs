//! End of stream in both directions through `lockstep::run` with either
//! waiting strategy, a partner's panic through `try_swap` and `exchange`,
//! and `exchange` of values that are neither `Clone` nor `Default`, on the
//! owned handles and on `Side`, up to and after the partner's departure.
//! (`end_of_stream.rs` has the first cases of each.)
#![cfg(not(rendezvous_loom))]

mod common;

use common::{Counted, panic_message, scaled};
use rendezvous_lockstep::lockstep::Builder;
use rendezvous_lockstep::{RendezvousData, Waiting};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

const BOTH: [Waiting; 2] = [Waiting::Spin, Waiting::Park];

/// Every few items the slow side sleeps, so that a parking partner sleeps.
fn dawdle(i: u64) {
    if i.is_multiple_of(64) {
        thread::sleep(Duration::from_micros(200));
    }
}

/// Neither `Clone` nor `Default`: a value that can only be moved, which
/// counts its live instances.
struct Message {
    from: &'static str,
    body: Counted,
}

impl Message {
    fn new(from: &'static str, id: u64, live: &Arc<AtomicUsize>) -> Self {
        Message {
            from,
            body: Counted::new(id, live),
        }
    }
}

#[test]
fn a_left_consumer_runs_until_the_right_producer_returns() {
    let items = scaled(400);
    for waiting in BOTH {
        let live = Arc::new(AtomicUsize::new(0));
        let (consumed, produced) = Builder::new()
            .waiting(waiting)
            .run(
                Counted::new(0, &live),
                Counted::new(0, &live),
                |side| {
                    let mut ids = Vec::new();
                    while let Ok(item) = side.try_swap() {
                        ids.push(item.id);
                    }
                    let err = side.try_swap().unwrap_err();
                    let again = side.try_swap().unwrap_err();
                    assert_eq!(
                        (err.partner_swaps(), err.partner_panicked()),
                        (items, false)
                    );
                    assert_eq!(again.partner_swaps(), items);
                    // The failed swaps left this side its own buffer: the
                    // last item it received.
                    assert_eq!(side.get_mut().id, items);
                    (ids, side.swaps())
                },
                |side| {
                    for i in 1..=items {
                        dawdle(i);
                        *side.get_mut() = Counted::new(i, &live);
                        side.swap();
                    }
                    side.swaps()
                },
            )
            .unwrap();
        assert_eq!(consumed.0, (1..=items).collect::<Vec<_>>(), "{waiting:?}");
        assert_eq!((consumed.1, produced), (items, items), "{waiting:?}");
        assert_eq!(live.load(Ordering::SeqCst), 0, "every item dropped once");
    }
}

#[test]
fn a_right_generator_runs_until_the_left_consumer_returns() {
    let wanted = scaled(300);
    for waiting in BOTH {
        let live = Arc::new(AtomicUsize::new(0));
        let (taken, generated) = Builder::new()
            .waiting(waiting)
            .run(
                Counted::new(0, &live),
                Counted::new(0, &live),
                |side| {
                    (1..=wanted)
                        .map(|i| {
                            dawdle(i);
                            side.swap().id
                        })
                        .collect::<Vec<_>>()
                },
                |side| {
                    // The generator's shape: `while try_swap!(buf) { *buf = next(); }`.
                    let mut next = 1;
                    *side.get_mut() = Counted::new(next, &live);
                    let err = loop {
                        match side.try_swap() {
                            Ok(buffer) => {
                                next += 1;
                                *buffer = Counted::new(next, &live);
                            }
                            Err(err) => break err,
                        }
                    };
                    assert_eq!(
                        (err.partner_swaps(), err.partner_panicked()),
                        (wanted, false)
                    );
                    // One value more than was taken: made, never handed over.
                    assert_eq!(side.get_mut().id, wanted + 1);
                    (next, side.swaps())
                },
            )
            .unwrap();
        assert_eq!(taken, (1..=wanted).collect::<Vec<_>>(), "{waiting:?}");
        assert_eq!(generated, (wanted + 1, wanted), "{waiting:?}");
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    }
}

#[test]
fn a_consumer_that_returns_before_any_swap_ends_the_generator_at_once() {
    for waiting in BOTH {
        let (left, right) = Builder::new()
            .waiting(waiting)
            .run(
                0_u32,
                7,
                |side| *side.get_mut(),
                |side| {
                    let err = side.try_swap().unwrap_err();
                    (err.partner_swaps(), *side.get_mut(), side.swaps())
                },
            )
            .unwrap();
        assert_eq!((left, right), (0, (0, 7, 0)));
    }
}

/// Runs `run`, which must panic, and returns its panic's message.
fn panic_of<R>(run: impl FnOnce() -> R) -> String {
    let payload = panic::catch_unwind(AssertUnwindSafe(run))
        .err()
        .expect("the run panics");
    panic_message(&*payload)
}

#[test]
fn a_consumer_panic_reaches_the_caller_through_the_generators_try_swap() {
    for waiting in BOTH {
        let generated = AtomicUsize::new(0);
        let message = panic_of(|| {
            Builder::new().waiting(waiting).run(
                0_u64,
                0_u64,
                |side| {
                    let mut next = 0;
                    while let Ok(buffer) = side.try_swap() {
                        next += 1;
                        *buffer = next;
                        generated.store(next as usize, Ordering::SeqCst);
                    }
                    unreachable!("the consumer panicked: try_swap unwinds instead");
                },
                |side| {
                    for _ in 0..5 {
                        side.swap();
                    }
                    thread::sleep(Duration::from_millis(2)); // let the generator wait
                    panic::panic_any(String::from("consumer fails at swap 6"));
                },
            )
        });
        assert_eq!(message, "consumer fails at swap 6", "{waiting:?}");
        assert_eq!(generated.load(Ordering::SeqCst), 5);
    }
}

#[test]
fn a_producer_panic_before_any_swap_reaches_the_caller_through_try_swap() {
    for waiting in BOTH {
        let message = panic_of(|| {
            Builder::new().waiting(waiting).run(
                0,
                0,
                |side| while side.try_swap().is_ok() {},
                |_| panic::panic_any("producer fails at once"),
            )
        });
        assert_eq!(message, "producer fails at once", "{waiting:?}");
    }
}

#[test]
fn owned_handles_exchange_in_order_until_the_partner_is_dropped() {
    let rounds = scaled(500);
    let live = Arc::new(AtomicUsize::new(0));
    let (mut left, mut right) = RendezvousData::<Option<Message>>::new(None, None);
    let right_live = Arc::clone(&live);
    let t = thread::spawn(move || {
        for i in 0..rounds {
            dawdle(i);
            let got = right
                .exchange(Message::new("right", 10_000 + i, &right_live))
                .unwrap();
            assert_eq!((got.from, got.body.id), ("left", i));
            // Moved out: nothing is left behind in the buffer.
            assert!(right.get_mut().is_none());
        }
        // Dropped here: the end of the right side's stream.
    });
    let mut got = Vec::new();
    let mut i = 0;
    let err = loop {
        match left.exchange(Message::new("left", i, &live)) {
            Ok(message) => {
                assert_eq!(message.from, "right");
                got.push(message.body.id);
                i += 1;
            }
            Err(err) => break err,
        }
    };
    t.join().unwrap();
    assert_eq!(got, (10_000..10_000 + rounds).collect::<Vec<_>>());
    assert_eq!(
        (err.partner_swaps(), err.partner_panicked()),
        (rounds, false)
    );
    // The value offered in vain stays with this side.
    let kept = left.get_mut().take().expect("the value offered in vain");
    assert_eq!((kept.from, kept.body.id), ("left", rounds));
    assert_eq!(left.swaps(), rounds);
    drop(kept);
    assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    drop(left);
}

#[test]
fn an_exchange_after_the_partner_panicked_reports_it() {
    let (mut left, mut right) = RendezvousData::<Option<Vec<u8>>>::new(None, None);
    let t = thread::spawn(move || {
        assert_eq!(right.exchange(vec![2]).unwrap(), [1]);
        let _dropped_while_unwinding = right;
        panic::resume_unwind(Box::new("right fails"));
    });
    assert_eq!(left.exchange(vec![1]).unwrap(), [2]);
    let err = left.exchange(vec![3]).unwrap_err();
    assert!(t.join().is_err());
    assert_eq!((err.partner_swaps(), err.partner_panicked()), (1, true));
    assert_eq!(left.get_mut().take(), Some(vec![3]));
}

#[test]
fn sides_exchange_moved_values_in_order_until_one_returns() {
    let rounds = scaled(300);
    for waiting in BOTH {
        let live = Arc::new(AtomicUsize::new(0));
        let (left, right) = Builder::new()
            .waiting(waiting)
            .run(
                None,
                None,
                |side| {
                    let mut got = Vec::new();
                    for i in 0..rounds {
                        let message = side.exchange(Message::new("left", i, &live)).unwrap();
                        assert!(side.get_mut().is_none(), "moved out, not copied");
                        got.push((message.from, message.body.id));
                    }
                    got
                },
                |side| {
                    let mut got = Vec::new();
                    let mut i = 0;
                    let err = loop {
                        dawdle(i);
                        match side.exchange(Message::new("right", 1_000 + i, &live)) {
                            Ok(message) => got.push((message.from, message.body.id)),
                            Err(err) => break err,
                        }
                        i += 1;
                    };
                    let kept = side.get_mut().take().map(|m| (m.from, m.body.id));
                    (got, err.partner_swaps(), kept, side.swaps())
                },
            )
            .unwrap();
        let expected_left: Vec<_> = (0..rounds).map(|i| ("right", 1_000 + i)).collect();
        let expected_right: Vec<_> = (0..rounds).map(|i| ("left", i)).collect();
        assert_eq!(left, expected_left, "{waiting:?}");
        assert_eq!(right.0, expected_right, "{waiting:?}");
        assert_eq!(right.1, rounds);
        assert_eq!(right.2, Some(("right", 1_000 + rounds)));
        assert_eq!(right.3, rounds);
        assert_eq!(live.load(Ordering::SeqCst), 0, "every value dropped once");
    }
}

#[test]
fn a_side_exchanging_with_a_panicking_partner_unwinds_with_its_payload() {
    for waiting in BOTH {
        let message = panic_of(|| {
            Builder::new().waiting(waiting).run(
                None,
                None,
                |side| {
                    let first = side.exchange(String::from("hello")).unwrap();
                    assert_eq!(first, "hi");
                    // The partner panics instead of its second exchange.
                    let _ = side.exchange(String::from("again"));
                    unreachable!("exchange unwinds when the partner panicked");
                },
                |side| {
                    side.exchange(String::from("hi")).unwrap();
                    panic::panic_any("right fails after one exchange");
                },
            )
        });
        assert_eq!(message, "right fails after one exchange", "{waiting:?}");
    }
}

#[test]
fn an_exchange_with_a_partner_that_returned_at_once_keeps_the_value() {
    let (left, ()) = Builder::new()
        .run(
            None,
            None,
            |side| {
                let err = side.exchange(vec![1, 2, 3]).unwrap_err();
                (err.partner_swaps(), side.get_mut().take(), side.swaps())
            },
            |_| (),
        )
        .unwrap();
    assert_eq!(left, (0, Some(vec![1, 2, 3]), 0));
}
