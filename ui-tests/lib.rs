//! Compile-fail and pass cases for `rendezvous-lockstep` and `lockstep!`, run by
//! `tests/ui.rs` with trybuild.
