//! Runnable examples of `rendezvous-lockstep`: `cargo run --example NAME`.
//!
//! Its doctests also run the code blocks of the workspace README and of both
//! packages' READMEs (the pages crates.io shows), so none of them goes stale.

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct WorkspaceReadme;

#[cfg(doctest)]
#[doc = include_str!("../rendezvous/README.md")]
struct RuntimeReadme;

#[cfg(doctest)]
#[doc = include_str!("../rendezvous-macros/README.md")]
struct MacrosReadme;
