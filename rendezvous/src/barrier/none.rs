//! No process-wide barrier (other systems; and under loom and Miri, which
//! model no system call): both halves of the handshake are `SeqCst` fences.

/// The barrier's name, for reports.
pub(super) const NAME: &str = "none";

/// No system barrier here.
pub(super) const AVAILABLE: bool = false;

/// Never registers.
pub(super) fn register() -> bool {
    false
}

/// Never called: [`register`] never succeeds.
pub(super) fn barrier() {
    unreachable!("no system barrier to call")
}
