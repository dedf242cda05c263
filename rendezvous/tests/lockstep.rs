//! The scoped runner behind `lockstep!`: results, borrowed locals, panics.
#![cfg(not(rendezvous_loom))]

mod common;

use common::{panic_message, scaled};
use rendezvous_lockstep::lockstep;
use std::panic::{self, AssertUnwindSafe};

#[test]
fn both_results_come_back_and_locals_are_borrowed() {
    let rounds = scaled(1_000);
    let mut log = Vec::new();
    let limit = rounds;
    let (sent, received) = lockstep::run(
        0_u64,
        0_u64,
        |side| {
            for i in 1..=limit {
                *side.get_mut() = i;
                side.swap();
                log.push(i); // a mutable borrow of a caller local
            }
            limit * (limit + 1) / 2
        },
        |side| (0..limit).map(|_| *side.swap()).sum::<u64>(),
    );
    assert_eq!(sent, received);
    assert_eq!(log.len() as u64, rounds);
}

#[test]
fn the_left_block_runs_on_the_calling_thread() {
    let caller = std::thread::current().id();
    let (left, right) = lockstep::run(
        (),
        (),
        |_| std::thread::current().id(),
        |_| std::thread::current().id(),
    );
    assert_eq!(left, caller);
    assert_ne!(right, caller);
}

/// Runs `run` and returns the panic it resumed.
fn panic_of(run: impl FnOnce()) -> Box<dyn std::any::Any + Send> {
    panic::catch_unwind(AssertUnwindSafe(run)).expect_err("run should panic")
}

#[test]
fn a_panic_in_the_right_block_reaches_the_caller_with_its_payload() {
    for stop in [0, 1, 5] {
        let payload = panic_of(|| {
            lockstep::run(
                0,
                0,
                |side| loop {
                    side.swap();
                },
                |side| {
                    for _ in 0..stop {
                        side.swap();
                    }
                    panic::panic_any(("right failed", stop));
                },
            );
        });
        assert_eq!(
            payload.downcast_ref::<(&str, i32)>(),
            Some(&("right failed", stop))
        );
    }
}

#[test]
fn a_panic_in_the_left_block_reaches_the_caller_with_its_payload() {
    for stop in [0, 1, 5] {
        let payload = panic_of(|| {
            lockstep::run(
                0,
                0,
                |side| {
                    for _ in 0..stop {
                        side.swap();
                    }
                    panic::panic_any(("left failed", stop));
                },
                |side| loop {
                    side.swap();
                },
            );
        });
        assert_eq!(
            payload.downcast_ref::<(&str, i32)>(),
            Some(&("left failed", stop))
        );
    }
}

#[test]
fn unequal_swap_counts_panic_with_both_counts_and_the_location() {
    let swap_line = line!() + 7;
    let payload = panic_of(|| {
        lockstep::run(
            (),
            (),
            |side| {
                for _ in 0..3 {
                    side.swap();
                }
            },
            |side| {
                for _ in 0..2 {
                    side.swap();
                }
            },
        );
    });
    assert_eq!(
        panic_message(&*payload),
        format!(
            "lockstep: the right block returned after 2 swaps, but the left block is waiting \
             at swap 3 ({}:{swap_line}:26); both blocks must swap equally often, or the \
             one that may outlast its partner ends its stream with `try_swap!` \
             (`Side::try_swap`), which is `false` (`Err`) once the partner block has returned",
            file!()
        )
    );
}

#[test]
fn the_right_block_waiting_on_a_finished_left_block_panics_too() {
    let payload = panic_of(|| {
        lockstep::run((), (), |_| (), |side| *side.swap());
    });
    let message = panic_message(&*payload);
    assert!(
        message.starts_with(
            "lockstep: the left block returned after 0 swaps, but the right block is waiting \
             at swap 1 ("
        ),
        "{message}"
    );
}
