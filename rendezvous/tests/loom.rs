//! loom models of the protocol: every interleaving (up to the bounds below)
//! of arrive, wait, close, poison, timeout, sleep and wake.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test -p rendezvous --test loom --release`.
//! Under loom a side spins once and yields once before it parks (see
//! `waiting.rs`), so the parking handshake is part of every model.
#![cfg(loom)]

use loom::thread;
use rendezvous::{Rendezvous, RendezvousData, TimeoutError, Waiting};
use std::panic::{self, AssertUnwindSafe};
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
