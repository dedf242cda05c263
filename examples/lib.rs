//! Runnable examples of `rendezvous`: `cargo run --example NAME`.
