//! The crate root's one hidden item: what the macros expand to, and what
//! the fault campaign and the benchmarks ask of the runtime. Not public
//! API: `use rendezvous_lockstep::*` brings the documented items and this
//! module's name, nothing else.
//!
//! Re-exported from the crate root as `__private`, hidden there: the module
//! itself is not `#[doc(hidden)]`, for rustc names an item by its bare name
//! in messages only when the path to it runs through no hidden module
//! (`SwappedBuffer`, not `rendezvous_lockstep::__private::SwappedBuffer`).

/// The items of `__private`.
pub mod items {
    #[cfg(feature = "macros")]
    pub use crate::macro_support::{
        DefaultBuffer, Options, RightBlockCode, RightBlockValue, RoundsHeader, SwappedBuffer,
        ThreadName, default_buffer, lockstep_blocks, lockstep_blocks_with, options,
        rounds_for_right,
    };
    // The proc macro behind `lockstep!`, under the name of the function its
    // expansion calls (macros and functions have separate namespaces).
    #[cfg(feature = "macros")]
    pub use rendezvous_lockstep_macros::lockstep as lockstep_blocks;

    /// What the fault campaign and the benchmark report.
    pub mod diagnostics {
        /// Which heavy barrier the sleeping handshake uses in this process.
        #[must_use]
        pub fn sleep_barrier() -> &'static str {
            crate::barrier::chosen()
        }

        /// Whether the system offers this process a process-wide barrier.
        #[must_use]
        pub fn system_barrier_offered() -> bool {
            crate::barrier::offered()
        }
    }
}
