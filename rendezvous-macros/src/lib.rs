//! Procedural macros of the [`rendezvous`](https://docs.rs/rendezvous) crate.
//!
//! Use them through `rendezvous`, which re-exports them with its `macros` feature.
