//! Two cores of a microcontroller in lockstep over a `static` pair: core 0
//! renders blocks of audio samples while core 1 plays the previous block.
//!
//! No allocator, no `std`, no compare-and-swap: it builds for a Cortex-M0+
//! (as the RP2040's two cores) with
//!
//! ```sh
//! cargo build -p rendezvous-lockstep --example two_cores \
//!     --no-default-features --target thumbv6m-none-eabi
//! ```
//!
//! The pair's state, two blocks of 4 KiB, is built at compile time in place
//! (`RendezvousDataState::new` is a `const fn`): it never passes through a
//! core's small stack. `static_cell`'s `ConstStaticCell` hands out the one
//! `&'static mut` that splitting it takes, so this file has no `unsafe`.
//! The cell is taken once, in a critical section where there is no
//! compare-and-swap (`portable-atomic`'s `critical-section` feature): a
//! firmware links an implementation that excludes both cores, as the
//! RP2040 HAL's does with a hardware spinlock.
//!
//! How core 1 is started is the board's business; the entry points below
//! take it as a function, as a HAL's `spawn` would.
#![no_std]
#![forbid(unsafe_code)]

use rendezvous_lockstep::{RendezvousDataRef, RendezvousDataState};
use static_cell::ConstStaticCell;

/// One block of samples: 4 KiB.
pub type Block = [i16; 2048];

/// The pair: both blocks and the two counters, in `.data`/`.bss`, in a cell
/// that hands out its `&'static mut` once.
static PAIR: ConstStaticCell<RendezvousDataState<Block>> =
    ConstStaticCell::new(RendezvousDataState::new([0; 2048], [0; 2048]));

/// Core 0's entry: takes the pair, starts core 1 with the player's handle,
/// then renders a block per rendezvous forever.
///
/// # Panics
///
/// If the pair was taken before: call it once, on core 0.
pub fn core0_main(start_core1: impl FnOnce(RendezvousDataRef<'static, Block>)) -> ! {
    let (mut renderer, player) = PAIR.take().split();
    start_core1(player);
    let mut phase: i16 = 0;
    loop {
        // The block the player just finished with comes back to be refilled.
        let block = renderer.swap();
        for sample in block.iter_mut() {
            *sample = phase;
            phase = phase.wrapping_add(64);
        }
    }
}

/// Core 1's entry: plays each block the renderer hands over.
pub fn core1_main(
    mut player: RendezvousDataRef<'static, Block>,
    mut play: impl FnMut(&Block),
) -> ! {
    loop {
        play(player.swap());
    }
}

/// A handle can move to the other core: it is `Send`.
const _: () = {
    const fn send<T: Send>() {}
    send::<RendezvousDataRef<'static, Block>>();
};
