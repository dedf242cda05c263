//! The asymmetric barrier of the sleeping handshake (`std` only): a *light*
//! half on every arrival, a *heavy* half before a side sleeps.
//!
//! The handshake is two store-then-load sequences (see [`crate::sleep`]):
//! the arriving side stores its count and loads the partner's word, the
//! sleeper stores [`SLEEPING`](crate::sleep::SLEEPING) and loads the
//! arriving side's word. At least one of the two loads must see the other
//! side's store, which Acquire/Release alone does not promise (a store may
//! wait in a store buffer while the later load runs). A `SeqCst` fence on
//! both sides would: of two `SeqCst` fences one is first. But the arriving
//! side is the fast path, taken every round, and a fence there costs as
//! much as the rest of a rendezvous on some cores.
//!
//! So the sleeper, which is about to spend microseconds in the kernel
//! anyway, pays for both. Its heavy barrier is a process-wide memory
//! barrier: Linux's `membarrier(2)` with `MEMBARRIER_CMD_PRIVATE_EXPEDITED`
//! (registered once per process), Windows' `FlushProcessWriteBuffers`. It
//! makes every running thread of the process execute a full memory barrier
//! before it returns, so it acts as a `SeqCst` fence placed in the arriving
//! thread at some point of its program: before its store (then its load
//! sees `SLEEPING`), or after it (then the store is visible to the sleeper's
//! load that follows the heavy barrier). The arriving side only has to keep
//! the compiler from moving its load above its store: a compiler fence,
//! no instruction. This is folly's `asymmetricThreadFenceLight/Heavy` and
//! liburcu's `urcu-memb` flavour.
//!
//! Where no such barrier exists (other systems, a kernel before 4.14, a
//! sandbox that refuses the call), both halves are `SeqCst` fences. The
//! choice is made once per process and never changes ([`settle`]), when
//! the first pair's handles are made ([`prepare`]), or else by the first
//! side that sleeps; until it is made,
//! arrivals take the fence, which pairs with either heavy half. (Left to
//! the first sleep, it was never made in a benchmark of one idle pair,
//! whose sides never sleep: every arrival paid the fence.)
//! Under loom and Miri, which model neither system call, both halves are
//! `SeqCst` fences.

use crate::primitive::{Ordering, StaticAtomicU8, compiler_fence, fence};

#[cfg(all(
    any(target_os = "linux", target_os = "android"),
    not(miri),
    not(rendezvous_loom)
))]
#[path = "barrier/linux.rs"]
mod system;

#[cfg(all(windows, not(miri), not(rendezvous_loom)))]
#[path = "barrier/windows.rs"]
mod system;

#[cfg(not(all(
    any(target_os = "linux", target_os = "android", windows),
    not(miri),
    not(rendezvous_loom)
)))]
#[path = "barrier/none.rs"]
mod system;

/// [`MODE`]: not chosen yet; arrivals take the fence.
const UNKNOWN: u8 = 0;
/// [`MODE`]: the system's process-wide barrier is registered and used.
const SYSTEM: u8 = 1;
/// [`MODE`]: no process-wide barrier; both halves are `SeqCst` fences.
const FENCE: u8 = 2;

/// Which heavy barrier this process uses: [`UNKNOWN`], then [`SYSTEM`] or
/// [`FENCE`] for good. Not modelled by loom: under loom it stays
/// [`UNKNOWN`] or [`FENCE`], and both halves are fences.
static MODE: StaticAtomicU8 = StaticAtomicU8::new(UNKNOWN);

/// The light half: after a side stores its word, before it loads the
/// partner's.
#[inline(always)]
pub(crate) fn light() {
    // ORDERING: Relaxed: the mode is a fact about the process, not a
    // message. It turns SYSTEM only after the registration that makes every
    // later heavy barrier a system-wide one, and never turns back.
    if system::AVAILABLE && MODE.load(Ordering::Relaxed) == SYSTEM {
        // ORDERING: keeps the compiler from moving the partner's load above
        // this side's store; the sleeper's heavy barrier orders the two in
        // hardware.
        compiler_fence(Ordering::SeqCst);
    } else {
        // ORDERING: pairs with the heavy half's fence (or with the system
        // barrier, which includes one): of two SeqCst fences one is first.
        fence(Ordering::SeqCst);
    }
}

/// The heavy half: after a sleeper stores [`SLEEPING`](crate::sleep::SLEEPING),
/// before it loads the partner's word.
pub(crate) fn heavy() {
    // ORDERING: Relaxed, as in `light`.
    let mode = match MODE.load(Ordering::Relaxed) {
        UNKNOWN => choose(),
        mode => mode,
    };
    if mode == SYSTEM {
        system::barrier();
    } else {
        // ORDERING: pairs with the fence of every arrival that did not see
        // SYSTEM, as described in `light`.
        fence(Ordering::SeqCst);
    }
}

/// Chooses the heavy barrier now, if no pair has yet: before any handle
/// arrives, so that arrivals skip the fence from the first.
#[inline]
pub(crate) fn prepare() {
    // ORDERING: Relaxed, as in `light`.
    if MODE.load(Ordering::Relaxed) == UNKNOWN {
        choose();
    }
}

/// Registers the system's barrier if there is one, and records the choice
/// unless another thread recorded one first.
#[cold]
fn choose() -> u8 {
    settle(&MODE, || system::AVAILABLE && system::register())
}

/// Records in `mode` what `register` decides (its registration succeeded:
/// [`SYSTEM`], else [`FENCE`]) if no choice is recorded yet, and returns the
/// choice in force.
///
/// The first recorded choice is final. Racing first callers each register,
/// and one of them may fail where another succeeds (a transient refusal);
/// were each to store its own result, the mode could flip between the two
/// while a pair is in use, and an arrival that took only the compiler fence
/// could meet a sleeper that took only a `SeqCst` fence: a lost wake-up.
/// Either choice is sound on its own: [`SYSTEM`] is recorded only by a
/// thread whose registration (process-wide) succeeded first.
fn settle(mode: &StaticAtomicU8, register: impl FnOnce() -> bool) -> u8 {
    let mine = if register() { SYSTEM } else { FENCE };
    // ORDERING: Relaxed, as in `light`: this thread registered before the
    // exchange, so the first heavy barrier after it is a system-wide one.
    match mode.compare_exchange(UNKNOWN, mine, Ordering::Relaxed, Ordering::Relaxed) {
        Ok(_) => mine,
        Err(first) => first,
    }
}

/// Which heavy barrier this process uses, in words: for the fault campaign
/// and the benchmark's report.
pub(crate) fn chosen() -> &'static str {
    // ORDERING: Relaxed, as in `light`.
    match MODE.load(Ordering::Relaxed) {
        UNKNOWN => "not chosen yet (no side has slept)",
        SYSTEM => system::NAME,
        _ => "SeqCst fences",
    }
}

/// Whether the system offers a process-wide barrier to this process
/// (registering it, which is harmless to repeat).
pub(crate) fn offered() -> bool {
    system::AVAILABLE && system::register()
}

#[cfg(all(test, not(rendezvous_loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_choice_is_made_once_and_sticks() {
        heavy();
        // ORDERING: Relaxed, as in `light`.
        let chosen = MODE.load(Ordering::Relaxed);
        assert_ne!(chosen, UNKNOWN);
        heavy();
        light();
        assert_eq!(MODE.load(Ordering::Relaxed), chosen);
        // The system's barrier is used wherever the system offers it; on
        // Linux, a kernel from 4.14 that no sandbox restricts.
        assert_eq!(chosen == SYSTEM, offered());
        assert_ne!(super::chosen(), "not chosen yet (no side has slept)");
    }

    #[test]
    fn a_failed_registration_never_changes_the_choice() {
        for (first, then) in [(true, false), (false, true)] {
            let mode = StaticAtomicU8::new(UNKNOWN);
            let chosen = settle(&mode, || first);
            assert_eq!(chosen, if first { SYSTEM } else { FENCE });
            assert_eq!(settle(&mode, || then), chosen);
            assert_eq!(mode.load(Ordering::Relaxed), chosen);
        }
    }

    #[test]
    fn racing_first_choices_agree_when_one_registration_fails() {
        for _ in 0..if cfg!(miri) { 8 } else { 200 } {
            let mode = StaticAtomicU8::new(UNKNOWN);
            let (a, b) = std::thread::scope(|s| {
                let failing = s.spawn(|| settle(&mode, || false));
                let succeeding = settle(&mode, || true);
                (failing.join().unwrap(), succeeding)
            });
            // Both callers, and every later one, see the one recorded choice.
            assert_eq!(a, b);
            assert_eq!(mode.load(Ordering::Relaxed), a);
            assert_eq!(settle(&mode, || a != SYSTEM), a);
        }
    }
}
