//! End of stream and owned exchange: `Side::try_swap`, `exchange` on the
//! handles and on `Side`, and `lockstep::Builder`.
#![cfg(not(rendezvous_loom))]

mod common;

use common::{Counted, panic_message, scaled};
use rendezvous_lockstep::lockstep::{self, Builder};
use rendezvous_lockstep::{RendezvousData, RendezvousDataState, Waiting};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

#[test]
fn a_consumer_runs_until_its_producer_is_done() {
    let items = scaled(500);
    let (produced, consumed) = lockstep::run(
        0_u64,
        0_u64,
        |side| {
            for i in 1..=items {
                *side.get_mut() = i;
                side.swap();
            }
            items
        },
        |side| {
            let mut consumed = Vec::new();
            while let Ok(item) = side.try_swap() {
                consumed.push(*item);
            }
            let err = side.try_swap().unwrap_err();
            assert_eq!(err.partner_swaps(), items);
            (consumed, side.swaps())
        },
    );
    assert_eq!(consumed.0, (1..=items).collect::<Vec<_>>());
    assert_eq!((produced, consumed.1), (items, items));
}

#[test]
fn a_generator_runs_until_its_consumer_hangs_up() {
    let wanted = scaled(300);
    let (generated, taken) = lockstep::run(
        0_u64,
        0_u64,
        |side| {
            let mut next = 0;
            let mut buffer = side.get_mut();
            loop {
                next += 1;
                *buffer = next;
                match side.try_swap() {
                    Ok(received) => buffer = received,
                    Err(_) => break next - 1, // the consumer hung up
                }
            }
        },
        |side| (0..wanted).map(|_| *side.swap()).collect::<Vec<_>>(),
    );
    assert_eq!(taken, (1..=wanted).collect::<Vec<_>>());
    assert_eq!(generated, wanted);
}

#[test]
fn a_partner_panic_still_propagates_through_try_swap() {
    let payload = panic::catch_unwind(AssertUnwindSafe(|| {
        lockstep::run(
            0,
            0,
            |side| {
                side.swap();
                panic::panic_any("left fails");
            },
            |side| {
                let mut swaps = 0;
                while side.try_swap().is_ok() {
                    swaps += 1;
                }
                swaps
            },
        )
    }))
    .unwrap_err();
    assert_eq!(panic_message(&*payload), "left fails");
}

#[test]
fn exchange_moves_values_without_default_or_copy() {
    /// Neither `Default` nor `Clone`.
    struct Token(u64);
    let live = Arc::new(AtomicUsize::new(0));
    let rounds = scaled(1_000);
    let (mut left, mut right) = RendezvousData::new(None, None);
    let right_live = Arc::clone(&live);
    let t = thread::spawn(move || {
        for i in 0..rounds {
            let got = right
                .exchange((Token(i), Counted::new(i, &right_live)))
                .unwrap();
            assert_eq!((got.0.0, got.1.id), (1_000 + i, 1_000 + i));
        }
    });
    for i in 0..rounds {
        let got = left
            .exchange((Token(1_000 + i), Counted::new(1_000 + i, &live)))
            .unwrap();
        assert_eq!((got.0.0, got.1.id), (i, i));
    }
    t.join().unwrap();
    // Every value was taken out: nothing is left in the buffers.
    assert_eq!(live.load(Ordering::SeqCst), 0);
    drop(left);
}

#[test]
fn a_failed_exchange_keeps_the_value() {
    let mut state = RendezvousDataState::new(None, None);
    let (mut left, right) = state.split();
    drop(right);
    let err = left.exchange(String::from("kept")).unwrap_err();
    assert_eq!(err.partner_swaps(), 0);
    assert_eq!(left.get_mut().take().as_deref(), Some("kept"));
}

#[test]
fn an_exchange_against_a_plain_swap_of_nothing_panics() {
    let (mut left, mut right) = RendezvousData::<Option<u8>>::new(None, None);
    let t = thread::spawn(move || {
        right.swap();
    });
    let payload = panic::catch_unwind(AssertUnwindSafe(|| left.exchange(1))).unwrap_err();
    assert!(panic_message(&*payload).contains("handed over no value"));
    t.join().unwrap();
}

#[test]
fn sides_exchange_and_end_by_hang_up() {
    let (left, right) = lockstep::run(
        None,
        None,
        |side| {
            let mut got = Vec::new();
            for word in ["a", "b", "c"] {
                got.push(side.exchange(String::from(word)).unwrap());
            }
            got
        },
        |side| {
            let mut got = Vec::new();
            let mut n = 0;
            while let Ok(word) = side.exchange(n.to_string()) {
                got.push(word);
                n += 1;
            }
            got
        },
    );
    assert_eq!(left, ["0", "1", "2"]);
    assert_eq!(right, ["a", "b", "c"]);
}

#[test]
fn the_builder_names_the_right_thread_and_sets_its_stack_and_waiting() {
    /// More than the default 2 MiB stack of a spawned thread holds.
    const DEEP: usize = if cfg!(miri) { 1 << 10 } else { 4 << 20 };
    let big = 8 << 20;
    let (left, right) = Builder::new()
        .name("right block")
        .stack_size(big)
        .left_waiting(Waiting::Spin)
        .right_waiting(Waiting::Park)
        .run(
            (),
            (),
            |side| {
                side.swap();
                thread::current().name().map(str::to_owned)
            },
            |side| {
                side.swap();
                // Deep enough to overflow a small default stack.
                let deep = [0_u8; DEEP];
                (
                    thread::current().name().map(str::to_owned),
                    std::hint::black_box(&deep).len(),
                )
            },
        )
        .unwrap();
    assert_eq!(left, thread::current().name().map(str::to_owned));
    assert_eq!(right, (Some(String::from("right block")), DEEP));
}

#[test]
fn the_builder_passes_the_waiting_strategy_to_each_side() {
    let (left, right) = Builder::new()
        .waiting(Waiting::Spin)
        .run(
            (),
            (),
            |side| format!("{side:?}"),
            |side| format!("{side:?}"),
        )
        .unwrap();
    assert!(left.contains("left") && right.contains("right"));
    let (left, right) = Builder::new()
        .right_waiting(Waiting::Spin)
        .run((), (), |side| side.waiting(), |side| side.waiting())
        .unwrap();
    assert_eq!((left, right), (Waiting::default(), Waiting::Spin));
}
