//! Error chains print each message once: an error either writes its
//! source's text into its own `Display` or returns the source from
//! `source()`, never both (else `anyhow`'s `{:#}` repeats a sentence).
#![cfg(not(rendezvous_loom))]

use rendezvous_lockstep::{Disconnected, Rendezvous, RendezvousData, TimeoutError};
use std::error::Error;
use std::thread;
use std::time::Duration;

/// The `Display` text of every level of `err`'s chain, outermost first, as
/// a report walks it (`anyhow`'s `{:#}` joins them with ": ").
fn chain(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut texts = Vec::new();
    let mut level = Some(err);
    while let Some(err) = level {
        texts.push(err.to_string());
        level = err.source();
    }
    texts
}

/// Panics if one level's text of `err`'s chain contains another's.
fn assert_each_message_once(err: &(dyn Error + 'static)) {
    let texts = chain(err);
    for (i, outer) in texts.iter().enumerate() {
        assert!(!outer.is_empty(), "level {i} of {texts:?} has no text");
        for (j, inner) in texts.iter().enumerate() {
            assert!(
                i == j || !outer.contains(inner.as_str()),
                "level {i} of the chain repeats level {j}'s text: {texts:?} \
                 (printed as {:?})",
                texts.join(": "),
            );
        }
    }
}

/// A partner that was dropped after `swaps` rendezvous, as `try_swap` sees it.
fn dropped_after(swaps: u64) -> Disconnected {
    let (mut left, mut right) = RendezvousData::new(0_u8, 0);
    let t = thread::spawn(move || {
        for _ in 0..swaps {
            right.swap();
        }
    });
    for _ in 0..swaps {
        left.swap();
    }
    t.join().unwrap();
    left.try_swap().unwrap_err()
}

/// A partner whose thread panicked while holding its handle.
fn panicked() -> Disconnected {
    let (mut left, right) = Rendezvous::new();
    let t = thread::spawn(move || {
        let _right = right; // dropped while the thread unwinds
        panic!("the partner gives up (expected by this test)");
    });
    assert!(t.join().is_err());
    let err = left.try_wait().unwrap_err();
    assert!(err.partner_panicked());
    err
}

/// Every kind of `Disconnected` the crate returns.
fn every_disconnected() -> Vec<Disconnected> {
    vec![
        dropped_after(0),
        dropped_after(1),
        dropped_after(2),
        panicked(),
    ]
}

#[test]
fn disconnected_prints_once() {
    for err in every_disconnected() {
        assert_each_message_once(&err);
    }
}

#[test]
fn timeout_prints_once() {
    let (mut left, _right) = Rendezvous::new();
    let err = left.wait_timeout(Duration::ZERO).unwrap_err();
    assert_eq!(err, TimeoutError::Timeout);
    assert_each_message_once(&err);
}

#[test]
fn timeout_disconnected_prints_once() {
    // As `wait_timeout` returns it...
    let (mut left, right) = Rendezvous::new();
    drop(right);
    let err = left.wait_timeout(Duration::ZERO).unwrap_err();
    assert!(matches!(err, TimeoutError::Disconnected(_)));
    assert_each_message_once(&err);
    // ...and for every kind of disconnection.
    for gone in every_disconnected() {
        assert_each_message_once(&TimeoutError::from(gone));
    }
}

#[test]
fn the_walker_catches_a_repeated_message() {
    /// A wrapper that both prints and returns its source: the mistake.
    #[derive(Debug)]
    struct Repeats(Disconnected);
    impl std::fmt::Display for Repeats {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{}", self.0)
        }
    }
    impl Error for Repeats {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }
    let err = Repeats(dropped_after(0));
    let caught = std::panic::catch_unwind(|| assert_each_message_once(&err));
    assert!(caught.is_err(), "the walker let {:?} pass", chain(&err));
}
