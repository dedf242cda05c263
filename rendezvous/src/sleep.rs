//! Sleeping while the partner is late (`std` only): the sleepers, the
//! [`SLEEPING`] flag, and the handshake that loses no wake-up.
//!
//! Without `std` a side only spins, and `sleep_none.rs` stands in for this
//! module with the same items, all empty.
//!
//! # The handshake
//!
//! A side that decides to sleep locks its [`Sleeper`], stores its word with
//! [`SLEEPING`] set, issues the *heavy* barrier, reads the partner's word
//! once more and waits on the condition variable only if the partner is
//! still behind. Every store of a word (an arrival, a close) is followed by
//! the *light* barrier and a read of the partner's word; a [`SLEEPING`]
//! partner is notified under its lock. The two barriers order the two
//! store-then-load sequences against each other (see [`crate::barrier`]):
//! either the sleeper's load sees the new count, or the storer's load sees
//! [`SLEEPING`]. And the lock, held by the sleeper from its last check until
//! it waits, keeps the notification from falling between the two: no
//! wake-up is lost.
//!
//! The sleeper pays the heavy barrier (a system call) only before it
//! sleeps, which costs microseconds anyway; the fast path pays the light
//! one, which is no instruction where the system offers a heavy barrier.

use crate::barrier;
use crate::deadline::Deadline;
use crate::primitive::thread::{Condvar, Mutex, MutexGuard, yield_now};
use crate::primitive::{AtomicU32, Ordering, const_fn};
use crate::waiting::YieldBudget;
use std::time::Instant;

pub(crate) use crate::primitive::thread::panicking;

/// Flag in a side's word: the side may be asleep; whoever changes the
/// partner's word must wake it.
pub(crate) const SLEEPING: u32 = 1 << 2;

/// Chooses the handshake's barrier before the handles of a pair exist.
pub(crate) fn prepare() {
    barrier::prepare();
}

/// The light half of the handshake, after every store of a word.
#[inline(always)]
pub(crate) fn light_barrier() {
    barrier::light();
}

/// Whether `word`, a side's word, says that the side may sleep.
#[inline(always)]
pub(crate) fn asleep(word: u32) -> bool {
    word & SLEEPING != 0
}

/// Where each side of a pair sleeps while its partner is late. Only the
/// slow path touches it.
pub(crate) struct Sleepers([Sleeper; 2]);

/// Where one side sleeps, and is woken.
struct Sleeper {
    lock: Mutex<()>,
    wake: Condvar,
}

impl Sleepers {
    const_fn! {
        pub(crate) fn new() -> Self {
            Sleepers([
                Sleeper {
                    lock: Mutex::new(()),
                    wake: Condvar::new(),
                },
                Sleeper {
                    lock: Mutex::new(()),
                    wake: Condvar::new(),
                },
            ])
        }
    }

    /// Wakes side `sleeper` if `word`, its word just read after the light
    /// barrier, says it may sleep.
    #[inline(always)]
    pub(crate) fn wake_if_asleep(&self, sleeper: usize, word: u32) {
        if asleep(word) {
            self.wake(sleeper);
        }
    }

    /// Wakes side `sleeper` if it waits on its condition variable.
    #[cold]
    #[inline(never)]
    pub(crate) fn wake(&self, sleeper: usize) {
        let sleeper = &self.0[sleeper];
        let _guard = lock(&sleeper.lock);
        sleeper.wake.notify_one();
    }

    /// The late phases of [`Waiting::Park`](crate::Waiting::Park) for side
    /// `me`, whose word is `word` (its standing arrival): yield for a while,
    /// then sleep until woken. `poll` reads the partner's word and decides.
    /// `None` once `deadline` has passed, checked before every yield.
    pub(crate) fn park<R>(
        &self,
        me: usize,
        words: &[AtomicU32; 2],
        word: u32,
        deadline: Deadline,
        mut poll: impl FnMut() -> Option<R>,
    ) -> Option<R> {
        let yielding = YieldBudget::start();
        loop {
            if deadline.expired() {
                return None;
            }
            yield_now();
            if let Some(done) = poll() {
                return Some(done);
            }
            if yielding.spent() {
                break;
            }
        }
        self.sleep(me, words, word, deadline, poll)
    }

    /// Blocks the thread until the partner changes its word or `deadline`.
    fn sleep<R>(
        &self,
        me: usize,
        words: &[AtomicU32; 2],
        word: u32,
        deadline: Deadline,
        mut poll: impl FnMut() -> Option<R>,
    ) -> Option<R> {
        let sleeper = &self.0[me];
        // Held from the last look at the partner's word until the wait
        // releases it, so that `wake` cannot notify in between.
        let mut guard = lock(&sleeper.lock);
        // ORDERING: Release, because the partner may read this store instead
        // of the arrival: it must still synchronize with this side's writes.
        words[me].store(word | SLEEPING, Ordering::Release);
        // ORDERING: the heavy half of the handshake: either the partner's
        // arrival is ordered before it and `poll` below sees the arrival, or
        // the partner's load after its light barrier sees SLEEPING and
        // wakes this side under the lock. See `crate::barrier`.
        barrier::heavy();
        let done = loop {
            if let Some(done) = poll() {
                break Some(done);
            }
            guard = match deadline.instant() {
                None => sleeper.wake.wait(guard).unwrap_or_else(|p| p.into_inner()),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        break None;
                    }
                    let wait = sleeper.wake.wait_timeout(guard, deadline - now);
                    wait.unwrap_or_else(|p| p.into_inner()).0
                }
            };
        };
        drop(guard);
        // ORDERING: Release, as above. Clearing SLEEPING spares the partner
        // needless notifications; a stale SLEEPING would only cost one.
        words[me].store(word, Ordering::Release);
        done
    }
}

/// Locks a sleeper. Nothing panics while one is held, and its data is `()`:
/// poisoning has nothing to protect.
fn lock(lock: &Mutex<()>) -> MutexGuard<'_, ()> {
    lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
