//! Every public method that panics reports its caller's location, not a
//! line inside this crate: each case below checks the file and line that
//! the panic hook receives, on the thread that calls, against the line of
//! the call. rustfmt is kept off the cases, which name their own lines.
// Panic locations, not memory: Miri would add 16 schedules of the same
// answer (the ordinary and ThreadSanitizer runs check it).
#![cfg(not(any(rendezvous_loom, miri)))]

use rendezvous_lockstep::{
    Rendezvous, RendezvousData, RendezvousDataState, RendezvousState, lockstep,
};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};
use std::time::Duration;

/// Where the panics of a case were reported: (thread, file, line).
static REPORTED: Mutex<Vec<(ThreadId, String, u32)>> = Mutex::new(Vec::new());
/// One case at a time: the panic hook is the process's.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `f`, which must panic, and asserts that the panic was reported at
/// `line` of this file.
#[track_caller]
fn panics_at(line: u32, f: impl FnOnce()) {
    let _one = lock(&ONE_AT_A_TIME);
    lock(&REPORTED).clear();
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        if let Some(at) = info.location() {
            let here = thread::current().id();
            lock(&REPORTED).push((here, at.file().to_owned(), at.line()));
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    assert!(result.is_err(), "no panic");
    let caller = thread::current().id();
    let reported = lock(&REPORTED)
        .iter()
        .find(|(thread, ..)| *thread == caller)
        .map(|(_, file, line)| (file.clone(), *line));
    assert_eq!(reported, Some((file!().to_owned(), line)));
}

#[test]
#[rustfmt::skip]
fn rendezvous_wait_and_wait_inline() {
    let (mut left, right) = Rendezvous::new();
    drop(right);
    panics_at(line!(), || left.wait());
    panics_at(line!(), || left.wait_inline());
}

#[test]
#[rustfmt::skip]
fn rendezvous_ref_wait_and_wait_inline() {
    let mut state = RendezvousState::new();
    let (mut left, right) = state.split();
    drop(right);
    panics_at(line!(), || left.wait());
    panics_at(line!(), || left.wait_inline());
}

#[test]
#[rustfmt::skip]
fn rendezvous_data_swap_swap_inline_and_get_mut() {
    let (mut left, right) = RendezvousData::new(0, 0);
    assert!(left.swap_timeout(Duration::ZERO).is_err()); // pending
    panics_at(line!(), || { let _ = left.get_mut(); });
    drop(right); // completes the pending swap, then hangs up
    panics_at(line!(), || { let _ = left.swap(); });
    panics_at(line!(), || { let _ = left.swap_inline(); });
}

#[test]
#[rustfmt::skip]
fn rendezvous_data_ref_swap_swap_inline_and_get_mut() {
    let mut state = RendezvousDataState::new(0, 0);
    let (mut left, right) = state.split();
    assert!(left.swap_timeout(Duration::ZERO).is_err());
    panics_at(line!(), || { let _ = left.get_mut(); });
    drop(right);
    panics_at(line!(), || { let _ = left.swap(); });
    panics_at(line!(), || { let _ = left.swap_inline(); });
}

#[test]
#[rustfmt::skip]
fn rendezvous_data_exchange_give_and_take() {
    let (mut left, mut right) = RendezvousData::new(None, None);
    let partner = thread::spawn(move || {
        right.swap(); // hands over nothing, against the exchange
        *right.get_mut() = Some(1);
        right.swap(); // hands a value over, against the give
        right.get_mut().take();
        right.swap(); // hands over nothing, against the take
    });
    panics_at(line!(), || { let _ = left.exchange(0); });
    panics_at(line!(), || { let _ = left.give(2); });
    left.get_mut().take(); // the value the give received
    panics_at(line!(), || { let _ = left.take(); });
    partner.join().unwrap();
}

#[test]
#[rustfmt::skip]
fn rendezvous_data_ref_exchange_give_and_take() {
    let mut state = RendezvousDataState::new(None, None);
    let (left, mut right) = state.split();
    std::thread::scope(|s| {
        s.spawn(move || {
            right.swap();
            *right.get_mut() = Some(1);
            right.swap();
            right.get_mut().take();
            right.swap();
        });
        // Moved in, so that a failed case drops it and the partner does not
        // wait for ever.
        let mut left = left;
        panics_at(line!(), || { let _ = left.exchange(0); });
        panics_at(line!(), || { let _ = left.give(2); });
        left.get_mut().take();
        panics_at(line!(), || { let _ = left.take(); });
    });
}

#[test]
#[rustfmt::skip]
fn side_swap_and_wait() {
    panics_at(line!(), || { let _ = lockstep::run(0, 0, |side| *side.swap(), |_| ()); });
    panics_at(line!(), || { let _ = lockstep::run((), (), |side| side.wait(), |_| ()); });
}

/// Set once [`get_mut_while_pending`] has timed out.
static TIMED_OUT: AtomicBool = AtomicBool::new(false);

/// Times out, then asks for the buffer it does not own: panics at the
/// line [`GET_MUT_AT`] names.
fn get_mut_while_pending(side: &mut lockstep::Side<'_, i32>) -> i32 {
    assert!(side.swap_timeout(Duration::ZERO).is_err());
    TIMED_OUT.store(true, SeqCst);
    *side.get_mut()
}
const GET_MUT_AT: u32 = line!() - 2;

#[test]
#[rustfmt::skip]
fn side_get_mut() {
    let late = |side: &mut lockstep::Side<'_, i32>| {
        while !TIMED_OUT.load(SeqCst) {
            thread::yield_now();
        }
        *side.swap()
    };
    panics_at(GET_MUT_AT, || { let _ = lockstep::run(0, 0, get_mut_while_pending, late); });
}

#[test]
#[rustfmt::skip]
fn side_exchange_give_and_take() {
    let give = |side: &mut lockstep::Side<'_, Option<u8>>| {
        *side.get_mut() = Some(1);
        side.swap();
    };
    let swap = |side: &mut lockstep::Side<'_, Option<u8>>| { side.swap(); };
    panics_at(line!(), || { let _ = lockstep::run(None, None, |s| s.exchange(0), swap); });
    panics_at(line!(), || { let _ = lockstep::run(None, None, |s| s.give(2), give); });
    panics_at(line!(), || { let _ = lockstep::run(None, None, |s| s.take(), swap); });
}
