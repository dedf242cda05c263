//! A randomized fault campaign for the `rendezvous-lockstep` runtime.
//!
//! Each *run* draws, from a seed and its run number, one to four pairs that
//! run at once (on a 2-core machine, more threads than cores). Each pair
//! (a [`Scenario`]) picks:
//!
//! - the API: `RendezvousData::new`, `RendezvousDataState::split`, or
//!   `rendezvous_lockstep::lockstep::run`, which is exactly what the `lockstep!`
//!   macro expands to;
//! - the payload type ([`payload`]): values with a destructor that count
//!   their live instances in a ledger, heap values, `!Sync` values, a value
//!   larger than a cache line, a zero-sized one;
//! - the number of swaps, each side's waiting strategy, how it calls
//!   (`swap`, `try_swap`, `exchange` over `Option` buffers, `swap_timeout`
//!   with a random timeout, and in a lockstep block also `swap_deadline`
//!   and `would_block` before a swap that must not wait), and random delays
//!   (spins, yields, short and long sleeps); or, for a lockstep pair, a
//!   one-way hand-off over `Option` buffers: a stream given with `give` and
//!   taken with `take` or `iter_take`, or one object passed back and forth;
//! - for each side, maybe a fault: it panics, returns early, or abandons a
//!   timed-out swap (a lockstep block then returns), at a random swap
//!   point.
//!
//! Before each swap a side makes a fresh value that names it and the swap;
//! after the swap it checks that it holds the partner's value for that
//! swap (in a relay, the one object). A watchdog bounds each run. The
//! checks, counted by the summary line `N runs, N hangs, N lost, N
//! double-dropped, N wrong-error`:
//!
//! - **hang**: a pair did not finish within the watchdog's bound;
//! - **lost**: a value handed over did not arrive exactly once and in
//!   order, or arrived torn, or was never dropped; a hand-off left a value
//!   in a buffer, or a `give` that reported the hang-up did not leave its
//!   value in the giver's buffer;
//! - **double-dropped**: a value was dropped more than once;
//! - **wrong-error**: a survivor did not get the documented error or panic
//!   (`Disconnected` with the partner's swap count and whether it panicked),
//!   a swap count was off, a side's thread panicked with anything but its
//!   planned payload, or `lockstep::run` did not re-raise the original
//!   panic payload (or the mismatch panic naming both counts and the
//!   waiting `swap`'s location), or a lockstep block that calls anything
//!   but `swap` did not take its partner's early return as the end of the
//!   stream (return after the same swaps, keeping its own value, and get
//!   the same error from one more call), or `would_block()` said a swap
//!   would not wait and a `swap_timeout(Duration::ZERO)` then timed out.
//!
//! Quick mode ([`Config::quick`], a fixed seed) runs under `cargo test
//! --workspace`. The long mode is the `fault-campaign` binary:
//! `cargo run --release -p fault-campaign -- --seed S --runs N`.

mod buffer;
pub mod campaign;
pub mod check;
mod data_pair;
mod lockstep_handoff;
mod lockstep_run;
pub mod pace;
pub mod payload;
pub mod scenario;

pub use campaign::{Config, Coverage, RunReport, Summary, campaign, describe, execute, plan};
pub use check::{Failure, Kind};
pub use scenario::Scenario;
