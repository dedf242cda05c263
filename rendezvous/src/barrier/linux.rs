//! The heavy barrier on Linux and Android: `membarrier(2)`.
//!
//! Called through the C library's `syscall`, declared here: std links the C
//! library on these systems anyway, while the `libc` crate, which std's copy
//! does not serve, would add about a second to a user's cold build for one
//! function and a few constants of the kernel's ABI.

use core::ffi::c_long;

/// The barrier's name, for reports.
pub(super) const NAME: &str = "membarrier(2) PRIVATE_EXPEDITED";

/// The system call's number on this architecture (the kernel's ABI), where
/// this crate knows it; elsewhere the handshake takes `SeqCst` fences.
const SYS_MEMBARRIER: Option<c_long> = if cfg!(target_pointer_width = "32")
    && cfg!(any(target_arch = "x86_64", target_arch = "mips64"))
{
    None // x32 and n32: their own numbering, not known here
} else if cfg!(target_arch = "x86_64") {
    Some(324)
} else if cfg!(target_arch = "x86") {
    Some(375)
} else if cfg!(target_arch = "arm") {
    Some(389)
} else if cfg!(any(target_arch = "powerpc", target_arch = "powerpc64")) {
    Some(365)
} else if cfg!(target_arch = "s390x") {
    Some(356)
} else if cfg!(any(target_arch = "sparc", target_arch = "sparc64")) {
    Some(351)
} else if cfg!(target_arch = "mips") {
    Some(4000 + 358)
} else if cfg!(target_arch = "mips64") {
    Some(5000 + 318)
} else if cfg!(any(
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "riscv32",
    target_arch = "loongarch64",
    target_arch = "csky",
    target_arch = "hexagon",
)) {
    Some(283) // the generic table
} else {
    None
};

/// `membarrier(2)`'s commands, from the kernel's ABI.
const CMD_QUERY: c_long = 0;
const CMD_PRIVATE_EXPEDITED: c_long = 1 << 3;
const CMD_REGISTER_PRIVATE_EXPEDITED: c_long = 1 << 4;

/// Whether this architecture's system call number is known; whether the
/// kernel offers the private expedited command is asked in [`register`].
pub(super) const AVAILABLE: bool = SYS_MEMBARRIER.is_some();

/// Asks the kernel for `MEMBARRIER_CMD_PRIVATE_EXPEDITED` (Linux 4.14) and
/// registers this process for it. `false` if the kernel lacks it, or a
/// sandbox (seccomp, gVisor, an emulator) refuses the call.
pub(super) fn register() -> bool {
    let query = membarrier(CMD_QUERY);
    query >= 0
        && query & CMD_PRIVATE_EXPEDITED != 0
        && membarrier(CMD_REGISTER_PRIVATE_EXPEDITED) == 0
}

/// Every running thread of this process executes a full memory barrier
/// before this returns.
pub(super) fn barrier() {
    if membarrier(CMD_PRIVATE_EXPEDITED) != 0 {
        // Once registered, the command fails only for a process that did
        // not register; continuing would risk a lost wake-up that hangs a
        // thread with no message, so stop loudly instead.
        std::process::abort();
    }
}

/// `membarrier(cmd, 0, 0)`: the raw system call (the C library has no
/// wrapper). Only called where [`AVAILABLE`].
fn membarrier(cmd: c_long) -> c_long {
    let Some(number) = SYS_MEMBARRIER else {
        return -1;
    };
    // SAFETY: `syscall` is the C library's, with the signature declared
    // below; `membarrier` takes three integers and touches no memory of
    // this process, and any command value is safe to pass (an unknown one
    // fails with EINVAL).
    unsafe { syscall(number, cmd, 0 as c_long, 0 as c_long) }
}

unsafe extern "C" {
    /// `long syscall(long number, ...)`, from the C library (glibc, musl,
    /// bionic) that std links on Linux and Android.
    fn syscall(number: c_long, ...) -> c_long;
}
