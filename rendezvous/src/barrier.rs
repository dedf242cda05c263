//! The barrier of the sleeping handshake (`std` only): a *light* half on
//! every arrival, a *heavy* half before a side sleeps.
//!
//! The handshake is two store-then-load sequences (see [`crate::sleep`]):
//! the arriving side stores its count and loads the partner's word, the
//! sleeper stores [`SLEEPING`](crate::sleep::SLEEPING) and loads the
//! arriving side's word. At least one of the two loads must see the other
//! side's store, which Acquire/Release alone does not promise (a store may
//! wait in a store buffer while the later load runs). A `SeqCst` fence on
//! both sides does: of two `SeqCst` fences one is first.

use crate::primitive::{Ordering, fence};

/// The light half: after a side stores its word, before it loads the
/// partner's.
#[inline(always)]
pub(crate) fn light() {
    // ORDERING: pairs with the heavy half's fence: of two SeqCst fences one
    // is first in the SeqCst order.
    fence(Ordering::SeqCst);
}

/// The heavy half: after a sleeper stores [`SLEEPING`](crate::sleep::SLEEPING),
/// before it loads the partner's word.
pub(crate) fn heavy() {
    // ORDERING: pairs with the fence of every arrival, as described in
    // `light`.
    fence(Ordering::SeqCst);
}
