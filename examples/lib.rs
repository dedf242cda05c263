//! Runnable examples of `rendezvous-lockstep`: `cargo run --example NAME`.
