//! Compile-fail and pass cases for `rendezvous-lockstep` and `lockstep!`, run by
//! `tests/ui.rs` with trybuild.
//!
//! Its doctests run the course, `README.md`: every Rust block, with the
//! setup lines it hides behind `# `, compiles and runs, or fails to compile
//! where its fence says `compile_fail`.

#[cfg(doctest)]
#[doc = include_str!("README.md")]
struct Course;
