//! Runs every ui case: `tests/ui/<group>/compile-fail/*.rs` must fail to
//! compile with the error in the `.stderr` beside it, and
//! `tests/ui/<group>/pass/*.rs` must compile and run. The groups are the
//! course's lessons (`borrows`, `handles`), its exercises (`exercises`: each
//! wrong attempt in `compile-fail/`, its solution under the same name in
//! `pass/`), and the `lockstep!` reference (`lockstep`).
//!
//! Regenerate the snapshots with
//! `TRYBUILD=overwrite cargo test -p rendezvous-ui-tests --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/compile-fail/*.rs");
    t.pass("tests/ui/*/pass/*.rs");
}
