//! Values cross between the two sides exactly once and in order.
#![cfg(not(rendezvous_loom))]

mod common;

use common::{Counted, scaled};
use rendezvous_lockstep::{
    Rendezvous, RendezvousData, RendezvousDataState, RendezvousState, Waiting,
};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Marks the last value left sends: the exchange ends after its swap.
const LAST: u64 = 1 << 63;

/// How long an exchange may run. Spinning sides that share one core (when
/// other jobs hold the other) meet once per scheduler time slice, a few ms:
/// 10,000 rounds would take 20 s, so the exchange ends early instead, after
/// at least a few hundred rounds.
const BUDGET: Duration = Duration::from_secs(1);

/// Each side writes its own sequence into the buffer it holds and reads the
/// partner's from the buffer it receives: every value must arrive once, in
/// order. Left ends the exchange early, in band, once [`BUDGET`] is spent.
fn exchange_sequences(left_waiting: Waiting, right_waiting: Waiting) {
    let rounds = scaled(10_000);
    let (mut left, mut right) = RendezvousData::new(u64::MAX, u64::MAX);
    left.set_waiting(left_waiting);
    right.set_waiting(right_waiting);
    let right_thread = thread::spawn(move || {
        *right.get_mut() = 1_000_000;
        for i in 0..rounds {
            let got = right.swap();
            assert_eq!(*got & !LAST, i, "right received a wrong value at swap {i}");
            let last = *got & LAST != 0;
            *got = 1_000_000 + i + 1;
            if last {
                break;
            }
        }
        right.swaps()
    });
    let started = Instant::now();
    let mut last = false;
    *left.get_mut() = 0;
    for i in 0..rounds {
        let got = left.swap();
        assert_eq!(
            *got,
            1_000_000 + i,
            "left received a wrong value at swap {i}"
        );
        if last {
            break;
        }
        last = i + 2 < rounds && !cfg!(miri) && started.elapsed() > BUDGET;
        *got = if last { (i + 1) | LAST } else { i + 1 };
    }
    let swaps = left.swaps();
    assert_eq!(right_thread.join().unwrap(), swaps);
    assert!(swaps == rounds || swaps > 20, "{swaps} swaps");
}

#[test]
fn every_value_arrives_once_in_order() {
    exchange_sequences(Waiting::default(), Waiting::default());
}

#[test]
fn spin_and_park_sides_pair_up() {
    exchange_sequences(Waiting::Spin, Waiting::Park);
    exchange_sequences(Waiting::Park, Waiting::Spin);
}

#[test]
fn both_sides_spinning() {
    exchange_sequences(Waiting::Spin, Waiting::Spin);
}

#[test]
fn get_mut_reaches_the_first_buffer_before_any_swap() {
    let (mut left, mut right) = RendezvousData::new(String::from("left"), String::from("right"));
    assert_eq!(left.get_mut(), "left");
    assert_eq!(right.get_mut(), "right");
    left.get_mut().push('!');
    let t = thread::spawn(move || right.swap().clone());
    assert_eq!(left.swap(), "right");
    assert_eq!(t.join().unwrap(), "left!");
}

#[test]
fn counted_values_move_without_copies_and_drop_once() {
    let live = Arc::new(AtomicUsize::new(0));
    let rounds = scaled(2_000);
    let (mut left, mut right) =
        RendezvousData::new(Counted::new(0, &live), Counted::new(1_000_000, &live));
    let right_thread = thread::spawn(move || {
        for i in 0..rounds {
            let got = right.swap();
            assert_eq!(got.id, i);
            got.id = 1_000_000 + i + 1;
        }
    });
    for i in 0..rounds {
        let got = left.swap();
        assert_eq!(got.id, 1_000_000 + i);
        got.id = i + 1;
    }
    right_thread.join().unwrap();
    assert_eq!(
        live.load(Ordering::SeqCst),
        2,
        "the pair holds exactly its two buffers"
    );
    drop(left);
    assert_eq!(
        live.load(Ordering::SeqCst),
        0,
        "both buffers dropped exactly once"
    );
}

#[test]
fn state_and_buffers_are_dropped_with_the_last_handle() {
    let live = Arc::new(AtomicUsize::new(0));
    let (left, right) = RendezvousData::new(Counted::new(0, &live), Counted::new(1, &live));
    drop(right);
    assert_eq!(live.load(Ordering::SeqCst), 2);
    drop(left);
    assert_eq!(live.load(Ordering::SeqCst), 0);
}

#[test]
fn barrier_keeps_threads_in_lockstep() {
    let rounds = scaled(10_000);
    let (mut left, mut right) = Rendezvous::new();
    let left_progress = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&left_progress);
    let right_thread = thread::spawn(move || {
        for i in 0..rounds as usize {
            // Left stores `j` just before its wait `j`. Right has passed
            // waits 0..i, so left has reached wait i - 1 and cannot pass
            // wait i before right arrives there.
            let left_at = seen.load(Ordering::SeqCst);
            assert!(
                left_at <= i && left_at + 1 >= i,
                "round {i}: left at {left_at}"
            );
            right.wait();
        }
    });
    for i in 0..rounds as usize {
        left_progress.store(i, Ordering::SeqCst);
        left.wait();
    }
    right_thread.join().unwrap();
}

#[test]
fn a_cell_buffer_is_enough_send_not_sync() {
    let (mut left, mut right) = RendezvousData::new(Cell::new(1_u32), Cell::new(2));
    let t = thread::spawn(move || {
        let cell = right.swap();
        cell.set(cell.get() * 10);
        right.swap().get()
    });
    assert_eq!(left.swap().get(), 2);
    left.get_mut().set(3);
    assert_eq!(left.swap().get(), 10);
    assert_eq!(t.join().unwrap(), 3);
}

#[test]
fn handles_can_move_between_threads_mid_run() {
    let (mut left, mut right) = RendezvousData::new(0_u64, 0);
    let right_thread = thread::spawn(move || {
        for _ in 0..3 {
            *right.swap() += 1;
        }
        right
    });
    for _ in 0..3 {
        *left.swap() += 1;
    }
    let mut right = right_thread.join().unwrap();
    let left_thread = thread::spawn(move || {
        let got = *left.swap();
        (got, left)
    });
    let right_got = *right.swap();
    let (left_got, _left) = left_thread.join().unwrap();
    // Each side's value was incremented by both sides in turns.
    assert_eq!((left_got, right_got), (3, 3));
}

#[test]
fn borrowed_pair_needs_no_allocation_and_can_be_split_again() {
    let mut state = RendezvousDataState::new(0_u32, 100);
    for run in 1..=3_u32 {
        thread::scope(|s| {
            let (mut left, mut right) = state.split();
            s.spawn(move || {
                for _ in 0..4 {
                    *right.swap() += run;
                }
            });
            for _ in 0..4 {
                *left.swap() += run;
            }
        });
    }
    // Four swaps per run: each buffer was written by both sides, twice each.
    let (a, b) = state.into_inner();
    assert_eq!((a, b), (24, 124));
}

#[test]
fn borrowed_barrier() {
    let mut state = RendezvousState::new();
    let counter = AtomicUsize::new(0);
    thread::scope(|s| {
        let (mut left, mut right) = state.split();
        let counter = &counter;
        s.spawn(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            right.wait();
            right.wait();
        });
        left.wait();
        assert_eq!(counter.load(Ordering::SeqCst), 1);
        left.wait();
    });
}

#[test]
fn debug_output_names_side_and_progress() {
    let (left, right) = RendezvousData::new(1, 2);
    assert_eq!(
        format!("{left:?}"),
        "RendezvousData { side: 0, swaps: 0, pending: false, .. }"
    );
    assert_eq!(
        format!("{right:?}"),
        "RendezvousData { side: 1, swaps: 0, pending: false, .. }"
    );
}
