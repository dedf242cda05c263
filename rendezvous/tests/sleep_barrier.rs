//! The sleeping handshake chooses its heavy barrier when a pair is made, so
//! that even a pair whose sides never sleep arrives without a fence from
//! the first round (where the system offers a process-wide barrier).
//!
//! The choice is made once per process, by the first pair made or the
//! first side that sleeps: this file holds one test, so that it runs alone
//! in its process and sees the choice still open before its pair.
#![cfg(not(rendezvous_loom))]

use rendezvous_lockstep::__private::diagnostics::{sleep_barrier, system_barrier_offered};
use rendezvous_lockstep::RendezvousState;

#[test]
fn making_a_pair_chooses_the_sleeping_barrier() {
    let before = sleep_barrier();
    assert!(
        before.starts_with("not chosen"),
        "chosen before any pair was made: {before}"
    );
    let mut state = RendezvousState::new();
    let (_left, _right) = state.split();
    let chosen = sleep_barrier();
    assert!(!chosen.starts_with("not chosen"), "{chosen}");
    // The system's barrier wherever the system offers one (never under
    // Miri, which models no system call); SeqCst fences elsewhere.
    assert_eq!(
        chosen == "SeqCst fences",
        !system_barrier_offered(),
        "{chosen}"
    );
}
