//! Compile-fail and pass cases for `rendezvous` and `lockstep!`, run by
//! `tests/ui.rs` with trybuild.
