//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Scales an iteration count down under Miri, which runs ~1000x slower.
pub fn scaled(n: u64) -> u64 {
    if cfg!(miri) { (n / 200).max(8) } else { n }
}

/// A value that counts how many of its kind are alive, to prove that every
/// value is dropped exactly once.
#[derive(Debug)]
pub struct Counted {
    pub id: u64,
    live: Arc<AtomicUsize>,
}

impl Counted {
    pub fn new(id: u64, live: &Arc<AtomicUsize>) -> Self {
        live.fetch_add(1, Ordering::SeqCst);
        Counted {
            id,
            live: Arc::clone(live),
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let before = self.live.fetch_sub(1, Ordering::SeqCst);
        assert!(before > 0, "a Counted value was dropped twice");
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<not a string>".to_owned()
    }
}
