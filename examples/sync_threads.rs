//! A barrier for two threads: a `Rendezvous` pair keeps two workers in step,
//! phase by phase.
//!
//! Each worker announces a phase, then waits for the other one. Neither can
//! start phase `n + 1` before the other has finished phase `n`, so the lines
//! come out in pairs, `phase 1` twice, then `phase 2` twice, and so on; only
//! the order within a pair varies from run to run. Each worker also checks,
//! at every phase, that its partner is in the same phase or the one before.

use rendezvous_lockstep::Rendezvous;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

const PHASES: u32 = 4;

/// Runs the phases of one worker; `mine` and `partners` count the phases
/// each worker has started.
fn work(name: &str, meet: &mut Rendezvous, mine: &AtomicU32, partners: &AtomicU32) {
    for phase in 1..=PHASES {
        mine.store(phase, Ordering::Relaxed);
        let partner = partners.load(Ordering::Relaxed);
        assert!(
            partner == phase || partner + 1 == phase,
            "{name} is in phase {phase}, its partner in phase {partner}"
        );
        println!("{name}: phase {phase}");
        meet.wait(); // the partner has finished this phase too once this returns
    }
}

fn main() {
    let (loader_started, checker_started) = (AtomicU32::new(0), AtomicU32::new(0));
    let (mut loader, mut checker) = Rendezvous::new();
    thread::scope(|s| {
        s.spawn(|| work("checker", &mut checker, &checker_started, &loader_started));
        work("loader", &mut loader, &loader_started, &checker_started);
    });
    println!("both workers went through {PHASES} phases side by side");
}
