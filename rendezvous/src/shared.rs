//! How a handle reaches the state it shares with its partner: through an
//! `Arc` both handles hold, or through a borrow of state the caller owns.

#[cfg(feature = "alloc")]
use alloc::sync::Arc;
use core::marker::PhantomData;
use core::ops::Deref;
use core::ptr::NonNull;

/// A shared reference to a pair's state `S`, valid for `'a`.
///
/// Either borrowed (`'a` is the borrow) or owned jointly with the partner
/// through an `Arc` (`'a` is `'static`). Reading through it is one pointer
/// dereference in both cases.
pub(crate) struct Shared<'a, S> {
    /// Points into the borrow, or into the `Arc` held by `_owner`.
    ptr: NonNull<S>,
    /// Keeps an `Arc`-allocated state alive; `None` for a borrow.
    #[cfg(feature = "alloc")]
    _owner: Option<Arc<S>>,
    _borrow: PhantomData<&'a S>,
}

impl<'a, S> Shared<'a, S> {
    /// A reference to state the caller owns.
    pub(crate) fn borrowed(state: &'a S) -> Self {
        Shared {
            ptr: NonNull::from(state),
            #[cfg(feature = "alloc")]
            _owner: None,
            _borrow: PhantomData,
        }
    }
}

#[cfg(feature = "alloc")]
impl<S> Shared<'static, S> {
    /// Two references to one new `Arc`-allocated state.
    pub(crate) fn pair(state: S) -> (Self, Self) {
        let owner = Arc::new(state);
        let ptr = NonNull::from(&*owner);
        let shared = |owner| Shared {
            ptr,
            _owner: Some(owner),
            _borrow: PhantomData,
        };
        (shared(Arc::clone(&owner)), shared(owner))
    }
}

impl<S> Deref for Shared<'_, S> {
    type Target = S;

    #[inline(always)]
    fn deref(&self) -> &S {
        // SAFETY: `ptr` came from a `&'a S` that outlives `self`, or from the
        // `Arc` in `self._owner`, which keeps the allocation alive while
        // `self` exists. Only shared references to `S` are ever made.
        unsafe { self.ptr.as_ref() }
    }
}

// SAFETY: `Shared` is a `&S` or an `Arc<S>` in disguise; both are `Send`
// exactly when `S: Send + Sync` (for `&S`, `S: Sync` suffices, the `Arc`
// needs both).
unsafe impl<S: Send + Sync> Send for Shared<'_, S> {}
