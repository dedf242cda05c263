//! The heavy barrier on Linux and Android: `membarrier(2)`.

/// The barrier's name, for reports.
pub(super) const NAME: &str = "membarrier(2) PRIVATE_EXPEDITED";

/// `membarrier(2)` exists on every Linux target; whether the kernel offers
/// the private expedited command is asked in [`register`].
pub(super) const AVAILABLE: bool = true;

/// Asks the kernel for `MEMBARRIER_CMD_PRIVATE_EXPEDITED` (Linux 4.14) and
/// registers this process for it. `false` if the kernel lacks it, or a
/// sandbox (seccomp, gVisor, an emulator) refuses the call.
pub(super) fn register() -> bool {
    let expedited = libc::MEMBARRIER_CMD_PRIVATE_EXPEDITED as libc::c_long;
    let query = membarrier(libc::MEMBARRIER_CMD_QUERY as libc::c_long);
    query >= 0
        && query & expedited != 0
        && membarrier(libc::MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED as libc::c_long) == 0
}

/// Every running thread of this process executes a full memory barrier
/// before this returns.
pub(super) fn barrier() {
    if membarrier(libc::MEMBARRIER_CMD_PRIVATE_EXPEDITED as libc::c_long) != 0 {
        // Once registered, the command fails only for a process that did
        // not register; continuing would risk a lost wake-up that hangs a
        // thread with no message, so stop loudly instead.
        std::process::abort();
    }
}

/// `membarrier(cmd, 0, 0)`: the raw system call (glibc has no wrapper).
fn membarrier(cmd: libc::c_long) -> libc::c_long {
    // SAFETY: `membarrier` takes three integers and touches no memory of
    // this process; any command value is safe to pass (an unknown one
    // fails with EINVAL).
    unsafe {
        libc::syscall(
            libc::SYS_membarrier,
            cmd,
            0 as libc::c_long,
            0 as libc::c_long,
        )
    }
}
