//! The sleeping handshake under stress: a partner that arrives just as the
//! other side goes to sleep must wake it. A lost wake-up shows as a sleeper
//! that wakes only at its deadline (and then finds the partner there).
#![cfg(not(rendezvous_loom))]

use rendezvous_lockstep::{Rendezvous, Waiting};
use std::hint::spin_loop;
use std::thread;
use std::time::{Duration, Instant};

/// Far longer than any wake-up; a sleeper that needs it was not woken.
const DEADLINE: Duration = Duration::from_millis(100);

/// Busy-waits for `delay`: a partner that arrives at a chosen moment.
fn busy_wait(delay: Duration) {
    let started = Instant::now();
    while started.elapsed() < delay {
        spin_loop();
    }
}

/// Round `i`'s arrival delay: across the moment a `Waiting::Park` side goes
/// to sleep (after 32 checks and 20 µs of yields), in steps of 37 ns.
fn delay(i: u32) -> Duration {
    Duration::from_micros(18) + Duration::from_nanos(u64::from(i * 37 % 6_000))
}

#[test]
fn arrivals_racing_a_sleeper_wake_it() {
    let rounds = if cfg!(miri) { 12 } else { 4_000 };
    let (mut sleeper, mut arriver) = Rendezvous::new();
    sleeper.set_waiting(Waiting::Park);
    arriver.set_waiting(Waiting::Spin);
    let arriving = thread::spawn(move || {
        for i in 0..rounds {
            if !cfg!(miri) {
                busy_wait(delay(i));
            }
            arriver.wait();
        }
    });
    let mut woken_by_deadline = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        sleeper.wait_timeout(DEADLINE).unwrap();
        if started.elapsed() >= DEADLINE {
            woken_by_deadline += 1;
        }
    }
    arriving.join().unwrap();
    // Also under Miri, whose clock only jumps to a deadline when every
    // thread is blocked: there a lost wake-up takes the whole 100 ms.
    assert_eq!(woken_by_deadline, 0, "lost wake-ups in {rounds} rounds");
}

/// Both sides park: each sleeps in turn while the other is on its way.
#[test]
fn two_parking_sides_wake_each_other() {
    let rounds = if cfg!(miri) { 12 } else { 2_000 };
    let (mut left, mut right) = Rendezvous::new();
    let other = thread::spawn(move || {
        for i in 0..rounds {
            if i % 2 == 0 && !cfg!(miri) {
                busy_wait(delay(i));
            }
            right.wait_timeout(DEADLINE * 10).unwrap();
        }
    });
    let mut woken_by_deadline = 0;
    for i in 0..rounds {
        if i % 2 == 1 && !cfg!(miri) {
            busy_wait(delay(i));
        }
        let started = Instant::now();
        left.wait_timeout(DEADLINE).unwrap();
        if started.elapsed() >= DEADLINE {
            woken_by_deadline += 1;
        }
    }
    other.join().unwrap();
    assert_eq!(woken_by_deadline, 0, "lost wake-ups in {rounds} rounds");
}
