//! Timeouts: the arrival stands, and the next call resumes the same swap.
#![cfg(not(rendezvous_loom))]

use rendezvous_lockstep::{Rendezvous, RendezvousData, TimeoutError, Waiting};
use std::thread;
use std::time::{Duration, Instant};

const SHORT: Duration = Duration::from_millis(20);

#[test]
fn wait_timeout_gives_up_no_earlier_than_asked() {
    for waiting in [Waiting::Park, Waiting::Spin] {
        let (mut left, _right) = Rendezvous::new();
        left.set_waiting(waiting);
        let started = Instant::now();
        assert_eq!(left.wait_timeout(SHORT), Err(TimeoutError::Timeout));
        assert!(started.elapsed() >= SHORT);
        assert!(left.is_pending());
        assert_eq!(left.swaps(), 0);
    }
}

#[test]
fn a_timed_out_arrival_stands_and_is_resumed() {
    let (mut left, mut right) = RendezvousData::new('a', 'b');
    assert_eq!(
        left.swap_timeout(Duration::ZERO),
        Err(TimeoutError::Timeout)
    );
    assert_eq!(left.swap_timeout(SHORT), Err(TimeoutError::Timeout));
    assert!(left.is_pending());
    // Right sees left's standing arrival: its swap completes at once.
    assert_eq!(*right.swap(), 'a');
    // Left resumes the same swap rather than arriving at a second one.
    assert_eq!(left.swap_timeout(SHORT).copied(), Ok('b'));
    assert!(!left.is_pending());
    assert_eq!((left.swaps(), right.swaps()), (1, 1));
    // The pair is still in step.
    let t = thread::spawn(move || *right.swap());
    assert_eq!(*left.swap(), 'a');
    assert_eq!(t.join().unwrap(), 'b');
}

#[test]
fn plain_swap_resumes_a_timed_out_one() {
    let (mut left, mut right) = RendezvousData::new(1, 2);
    assert!(left.swap_timeout(Duration::ZERO).is_err());
    let t = thread::spawn(move || *right.swap());
    assert_eq!(*left.swap(), 2);
    assert_eq!(t.join().unwrap(), 1);
}

#[test]
fn get_mut_refuses_while_a_swap_is_pending() {
    let (mut left, _right) = RendezvousData::new(1, 2);
    assert!(left.swap_timeout(Duration::ZERO).is_err());
    let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        *left.get_mut() += 1;
    }))
    .unwrap_err();
    let message = payload.downcast_ref::<&str>().copied().unwrap_or_default();
    assert!(
        message.contains("a swap is pending after a timeout"),
        "{message}"
    );
}

#[test]
fn timeout_reports_a_gone_partner() {
    let (mut left, right) = RendezvousData::new(1, 2);
    drop(right);
    match left.swap_timeout(SHORT) {
        Err(TimeoutError::Disconnected(err)) => assert_eq!(err.partner_swaps(), 0),
        other => panic!("expected Disconnected, got {other:?}"),
    }
    assert!(!left.is_pending(), "a gone partner cannot take the buffer");
    assert_eq!(*left.get_mut(), 1);
}

#[test]
fn timeout_is_not_reported_when_the_partner_comes_in_time() {
    let (mut left, mut right) = Rendezvous::new();
    let t = thread::spawn(move || {
        thread::sleep(Duration::from_millis(5));
        right.wait();
    });
    assert_eq!(left.wait_timeout(Duration::from_secs(60)), Ok(()));
    t.join().unwrap();
}

#[test]
fn huge_timeouts_do_not_overflow() {
    let (mut left, mut right) = Rendezvous::new();
    let t = thread::spawn(move || right.wait());
    assert_eq!(left.wait_timeout(Duration::MAX), Ok(()));
    t.join().unwrap();
}

#[test]
fn error_texts() {
    assert_eq!(
        TimeoutError::Timeout.to_string(),
        "rendezvous partner did not arrive in time"
    );
    let (mut left, right) = Rendezvous::new();
    drop(right);
    let err = left.wait_timeout(SHORT).unwrap_err();
    assert_eq!(
        err.to_string(),
        "rendezvous partner was dropped after 0 swaps, so this side's swap 1 can never complete"
    );
    // The text above is the inner `Disconnected`'s: it is not also the source.
    assert!(std::error::Error::source(&err).is_none());
}
