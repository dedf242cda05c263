//! The heavy barrier on Windows: `FlushProcessWriteBuffers`.

/// The barrier's name, for reports.
pub(super) const NAME: &str = "FlushProcessWriteBuffers";

/// `FlushProcessWriteBuffers` exists on every Windows since Vista.
pub(super) const AVAILABLE: bool = true;

/// Nothing to register on Windows.
pub(super) fn register() -> bool {
    true
}

/// Every running thread of this process executes a full memory barrier
/// before this returns.
pub(super) fn barrier() {
    // SAFETY: takes no argument, cannot fail, and touches no memory of this
    // process that Rust code may rely on.
    unsafe { FlushProcessWriteBuffers() }
}

#[link(name = "kernel32")]
unsafe extern "system" {
    fn FlushProcessWriteBuffers();
}
