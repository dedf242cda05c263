//! A partner that is dropped or panics never leaves the other side hanging.
#![cfg(not(rendezvous_loom))]

mod common;

use common::{Counted, panic_message, scaled};
use rendezvous_lockstep::{Disconnected, Rendezvous, RendezvousData, Waiting};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long a survivor may take to notice. Generous for a shared machine:
/// the protocol itself notices within a park/unpark round trip.
const NOTICE_WITHIN: Duration = Duration::from_secs(2);

/// The points at which a partner gives up, in completed swaps.
fn stop_points() -> Vec<u64> {
    if cfg!(miri) {
        vec![0, 1, 3]
    } else {
        vec![0, 1, 2, 5, 100, 1_000]
    }
}

/// The partner swaps `stop` times, then either returns (dropping its handle)
/// or panics; the survivor keeps swapping. Returns what the survivor saw.
fn survivor_sees(stop: u64, partner_panics: bool, survivor: Waiting) -> (Disconnected, u64) {
    let (mut survivor_side, mut partner) = RendezvousData::new(0_u64, 0);
    survivor_side.set_waiting(survivor);
    let partner_thread = thread::spawn(move || {
        for i in 0..stop {
            *partner.swap() = 1_000 + i;
        }
        if partner_panics {
            panic!("partner gives up after {stop} swaps");
        }
    });
    let mut last_received = None;
    let err = loop {
        match survivor_side.try_swap() {
            Ok(value) => last_received = Some(*value),
            Err(err) => break err,
        }
    };
    assert_eq!(survivor_side.try_swap(), Err(err), "the error repeats");
    assert_eq!(partner_thread.join().is_err(), partner_panics);
    // The survivor keeps the buffer it held before the failed swap: the one
    // the partner handed over at the last completed swap.
    let kept = *survivor_side.get_mut();
    let expected = if stop == 0 { 0 } else { 1_000 + stop - 2 };
    if stop >= 2 {
        assert_eq!(last_received, Some(expected));
        assert_eq!(kept, expected);
    }
    (err, survivor_side.swaps())
}

#[test]
fn dropped_partner_is_reported_with_its_swap_count() {
    for stop in stop_points() {
        for waiting in [Waiting::Park, Waiting::Spin] {
            let (err, swaps) = survivor_sees(stop, false, waiting);
            assert_eq!(err.partner_swaps(), stop);
            assert!(!err.partner_panicked());
            assert_eq!(swaps, stop);
        }
    }
}

#[test]
fn panicked_partner_is_reported_as_panicked() {
    for stop in stop_points() {
        let (err, swaps) = survivor_sees(stop, true, Waiting::Park);
        assert_eq!(err.partner_swaps(), stop);
        assert!(err.partner_panicked());
        assert_eq!(swaps, stop);
    }
}

#[test]
fn either_side_may_be_the_one_that_fails() {
    // The partner is the first handle this time.
    let (mut partner, mut survivor) = RendezvousData::new(0_u8, 0);
    let t = thread::spawn(move || {
        partner.swap();
        panic!("left side fails");
    });
    survivor.swap();
    let err = survivor.try_swap().unwrap_err();
    assert!(err.partner_panicked());
    assert_eq!(err.partner_swaps(), 1);
    assert!(t.join().is_err());
}

#[test]
fn wait_panics_with_a_message_that_says_what_happened() {
    let (mut left, right) = Rendezvous::new();
    let t = thread::spawn(move || {
        let _right = right;
        panic!("boom");
    });
    assert!(t.join().is_err());
    let payload = panic::catch_unwind(AssertUnwindSafe(|| left.wait())).unwrap_err();
    assert_eq!(
        panic_message(&*payload),
        "rendezvous partner panicked after 0 swaps, so this side's swap 1 can never complete"
    );
}

#[test]
fn swap_panics_when_the_partner_returned_early() {
    let (mut left, mut right) = RendezvousData::new((), ());
    let t = thread::spawn(move || {
        right.swap();
        right.swap();
    });
    left.swap();
    left.swap();
    t.join().unwrap();
    let payload = panic::catch_unwind(AssertUnwindSafe(|| {
        left.swap();
    }))
    .unwrap_err();
    assert_eq!(
        panic_message(&*payload),
        "rendezvous partner was dropped after 2 swaps, so this side's swap 3 can never complete"
    );
}

#[test]
fn a_sleeping_survivor_is_woken_by_the_drop() {
    let (mut left, right) = Rendezvous::new();
    let t = thread::spawn(move || {
        // Long enough for left to spin, yield and park.
        thread::sleep(Duration::from_millis(if cfg!(miri) { 1 } else { 50 }));
        drop(right);
    });
    let started = Instant::now();
    let err = left.try_wait().unwrap_err();
    let waited = started.elapsed();
    t.join().unwrap();
    assert_eq!(err.partner_swaps(), 0);
    assert!(
        waited < NOTICE_WITHIN,
        "noticed the drop only after {waited:?}"
    );
}

#[test]
fn partner_that_arrived_before_dropping_completes_that_swap() {
    let (mut left, mut right) = RendezvousData::new(1, 2);
    // Right arrives (the timeout leaves its arrival standing), then leaves.
    assert!(right.swap_timeout(Duration::ZERO).is_err());
    drop(right);
    assert_eq!(
        left.try_swap().copied(),
        Ok(2),
        "the arrival hands the buffer over"
    );
    let err = left.try_swap().unwrap_err();
    assert_eq!(err.partner_swaps(), 1);
    assert_eq!(*left.get_mut(), 2);
}

#[test]
fn no_value_is_lost_or_dropped_twice_when_a_side_panics() {
    for stop in stop_points() {
        let live = Arc::new(AtomicUsize::new(0));
        let (mut left, mut right) =
            RendezvousData::new(Counted::new(0, &live), Counted::new(1, &live));
        let t = thread::spawn(move || {
            for _ in 0..stop {
                right.swap().id += 10;
            }
            panic!("right gives up");
        });
        while left.try_swap().is_ok() {}
        assert!(t.join().is_err());
        assert_eq!(live.load(Ordering::SeqCst), 2, "both buffers still exist");
        drop(left);
        assert_eq!(
            live.load(Ordering::SeqCst),
            0,
            "and are dropped exactly once"
        );
    }
}

#[test]
fn many_pairs_fail_independently() {
    let pairs = if cfg!(miri) { 2 } else { 8 };
    let rounds = scaled(1_000);
    let threads: Vec<_> = (0..pairs)
        .map(|p| {
            let (mut left, mut right) = RendezvousData::new(0_u64, 0);
            let stop = rounds * (p + 1) / (pairs + 1);
            let right = thread::spawn(move || {
                for _ in 0..stop {
                    right.swap();
                }
            });
            let left = thread::spawn(move || {
                let mut n = 0;
                while left.try_swap().is_ok() {
                    n += 1;
                }
                n
            });
            (stop, left, right)
        })
        .collect();
    for (stop, left, right) in threads {
        right.join().unwrap();
        assert_eq!(left.join().unwrap(), stop);
    }
}
