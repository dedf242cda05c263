//! Compile-fail and pass cases for `rendezvous-lockstep` and `lockstep!`, run by
//! `tests/ui.rs` with trybuild.
//!
//! Its doctests run the course, `README.md`: every Rust block, with the
//! setup lines it hides behind `# `, compiles and runs, or fails to compile
//! where its fence says `compile_fail`. Stable rustdoc does not check the
//! error codes of such a fence (`compile_fail,E0499`); `tests/course.rs`
//! does, and checks that each fence agrees with the verdict its lesson
//! states.

#[cfg(doctest)]
#[doc = include_str!("README.md")]
struct Course;
