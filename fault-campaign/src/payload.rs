//! The values the campaign hands over, and the ledger that proves each one
//! is dropped exactly once.
//!
//! Every value carries an identity: the side that made it and the swap it
//! was made for. A receiver checks the identity of what arrives, which
//! proves that each value handed over arrives once and in order. Values of
//! the types with a destructor also hold *tokens* in a [`Ledger`], which
//! counts each token's creation and drops: after a pair is gone, every token
//! made must have been dropped exactly once.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// Tokens per value: a value holds up to this many counted parts.
pub const TOKENS_PER_VALUE: u32 = 4;

/// Creation and drop counts of every token of one pair.
///
/// The counts are `Relaxed` on purpose: the audit runs after every thread
/// of the pair was joined, which orders it after all of them, and stronger
/// orderings here would add synchronization that could hide a missing one
/// in the protocol from ThreadSanitizer.
pub struct Ledger {
    created: Vec<AtomicU32>,
    dropped: Vec<AtomicU32>,
    /// Drops of tokens outside the ledger: a value that was torn.
    strays: AtomicU32,
}

/// What an audit of a [`Ledger`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Audit {
    /// Tokens made and never dropped.
    pub leaked: Vec<u32>,
    /// Tokens dropped more than once, or dropped without being made.
    pub double_dropped: Vec<u32>,
    /// Drops of tokens that no value of this pair could hold.
    pub strays: u32,
}

impl Audit {
    /// Whether every token was dropped exactly once.
    pub fn is_clean(&self) -> bool {
        self.leaked.is_empty() && self.double_dropped.is_empty() && self.strays == 0
    }
}

impl Ledger {
    /// A ledger for values `0..values`.
    pub fn new(values: u32) -> Arc<Self> {
        let tokens = (values * TOKENS_PER_VALUE) as usize;
        let counts = || (0..tokens).map(|_| AtomicU32::new(0)).collect();
        Arc::new(Ledger {
            created: counts(),
            dropped: counts(),
            strays: AtomicU32::new(0),
        })
    }

    fn create(&self, token: u32) {
        match self.created.get(token as usize) {
            Some(count) => {
                count.fetch_add(1, Ordering::Relaxed);
            }
            None => panic!("token {token} is outside the ledger"),
        }
    }

    /// Counts one drop. Never panics: it runs in destructors, possibly while
    /// unwinding, where a panic would abort the campaign.
    fn drop_token(&self, token: u32) {
        match self.dropped.get(token as usize) {
            Some(count) => count.fetch_add(1, Ordering::Relaxed),
            None => self.strays.fetch_add(1, Ordering::Relaxed),
        };
    }

    /// Checks that every token was dropped exactly as often as it was made,
    /// and that none was made twice.
    pub fn audit(&self) -> Audit {
        let mut audit = Audit {
            strays: self.strays.load(Ordering::Relaxed),
            ..Audit::default()
        };
        for (token, (made, dropped)) in self.created.iter().zip(&self.dropped).enumerate() {
            let made = made.load(Ordering::Relaxed);
            let dropped = dropped.load(Ordering::Relaxed);
            if dropped > made || made > 1 {
                audit.double_dropped.push(token as u32);
            } else if dropped < made {
                audit.leaked.push(token as u32);
            }
        }
        audit
    }
}

/// A type the campaign can hand over: made with an identity, which a
/// receiver reads back.
pub trait Payload: Send + 'static {
    /// A new value with identity `value`, registering its tokens in
    /// `ledger`.
    fn make(value: u32, ledger: &Arc<Ledger>) -> Self;

    /// The identity this value carries: `Ok(None)` for a type that carries
    /// none (`()`), `Err` if the value is inconsistent (torn).
    fn identity(&self) -> Result<Option<u32>, String>;
}

/// A value with a destructor that reports to a [`Ledger`].
///
/// 16 bytes: small enough for a buffer kept beside the counters, should the
/// runtime keep small buffers there.
pub struct Counted {
    value: u32,
    /// The part (top two bits) and `!value` (the rest): a second copy of
    /// the value, to notice a torn one.
    tag: u32,
    ledger: Arc<Ledger>,
}

/// The bits of [`Counted::tag`] that repeat the value.
const CHECK_BITS: u32 = u32::MAX >> 2;

impl Counted {
    fn new(value: u32, part: u32, ledger: &Arc<Ledger>) -> Self {
        let counted = Counted {
            value,
            tag: part << 30 | (!value & CHECK_BITS),
            ledger: Arc::clone(ledger),
        };
        ledger.create(counted.token());
        counted
    }

    /// Which part of its value this is (a `Vec<Counted>` has up to four).
    fn part(&self) -> u32 {
        self.tag >> 30
    }

    fn token(&self) -> u32 {
        self.value * TOKENS_PER_VALUE + self.part()
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.ledger.drop_token(self.token());
    }
}

impl fmt::Debug for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Counted({}, tag {:#x})", self.value, self.tag)
    }
}

impl Payload for Counted {
    fn make(value: u32, ledger: &Arc<Ledger>) -> Self {
        Counted::new(value, 0, ledger)
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        if self.tag & CHECK_BITS == !self.value & CHECK_BITS {
            Ok(Some(self.value))
        } else {
            Err(format!("torn {self:?}"))
        }
    }
}

impl Payload for Box<Counted> {
    fn make(value: u32, ledger: &Arc<Ledger>) -> Self {
        Box::new(Counted::make(value, ledger))
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        (**self).identity()
    }
}

impl Payload for RefCell<Counted> {
    fn make(value: u32, ledger: &Arc<Ledger>) -> Self {
        RefCell::new(Counted::make(value, ledger))
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        self.borrow().identity()
    }
}

/// One to four counted parts, on the heap.
impl Payload for Vec<Counted> {
    fn make(value: u32, ledger: &Arc<Ledger>) -> Self {
        let parts = 1 + value % TOKENS_PER_VALUE;
        (0..parts)
            .map(|part| Counted::new(value, part, ledger))
            .collect()
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        let value = match self.first() {
            Some(first) => first.identity()?,
            None => return Err("an empty Vec".to_owned()),
        };
        let Some(value) = value else {
            return Err("a Vec without identity".to_owned());
        };
        let consistent = self.len() as u32 == 1 + value % TOKENS_PER_VALUE
            && self.iter().enumerate().all(|(part, counted)| {
                counted.identity() == Ok(Some(value)) && counted.part() == part as u32
            });
        if consistent {
            Ok(Some(value))
        } else {
            Err(format!("torn {self:?}"))
        }
    }
}

/// Marks a `u64` as made by the campaign.
const TAG: u64 = 0x5EED_0000_0000_0000;

impl Payload for u64 {
    fn make(value: u32, _: &Arc<Ledger>) -> Self {
        TAG | u64::from(value)
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        if self & !u64::from(u32::MAX) == TAG {
            Ok(Some(*self as u32))
        } else {
            Err(format!("torn u64 {self:#x}"))
        }
    }
}

/// `Send` but not `Sync`: the seed's `Sync` bound would have refused it.
impl Payload for Cell<u64> {
    fn make(value: u32, ledger: &Arc<Ledger>) -> Self {
        Cell::new(u64::make(value, ledger))
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        self.get().identity()
    }
}

/// Larger than a cache line: a torn hand-over shows as mixed words.
impl Payload for [u64; 24] {
    fn make(value: u32, _: &Arc<Ledger>) -> Self {
        array_of(value)
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        let value = self[0] as u32;
        if *self == array_of(value) {
            Ok(Some(value))
        } else {
            Err(format!(
                "torn array starting {:#x}, {:#x}",
                self[0], self[1]
            ))
        }
    }
}

/// The array with identity `value`: each word tagged and numbered.
fn array_of(value: u32) -> [u64; 24] {
    core::array::from_fn(|word| TAG | (word as u64) << 32 | u64::from(value))
}

impl Payload for String {
    fn make(value: u32, _: &Arc<Ledger>) -> Self {
        format!("value #{value}")
    }

    fn identity(&self) -> Result<Option<u32>, String> {
        self.strip_prefix("value #")
            .and_then(|digits| digits.parse().ok())
            .map(Some)
            .ok_or_else(|| format!("torn string {self:?}"))
    }
}

/// A zero-sized buffer: the pair is a plain barrier.
impl Payload for () {
    fn make(_: u32, _: &Arc<Ledger>) -> Self {}

    fn identity(&self) -> Result<Option<u32>, String> {
        Ok(None)
    }
}

/// The payload types a scenario picks from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// `Counted`: a destructor that reports to the ledger.
    Counted,
    /// `Box<Counted>`.
    BoxCounted,
    /// `RefCell<Counted>`: `Send`, not `Sync`.
    RefCellCounted,
    /// `Vec<Counted>` with one to four parts.
    VecCounted,
    /// `u64`: no destructor.
    U64,
    /// `Cell<u64>`: `Send`, not `Sync`.
    CellU64,
    /// `[u64; 24]`: spans several cache lines.
    Array,
    /// `String`: heap memory, no ledger.
    String,
    /// `()`: a zero-sized buffer.
    Unit,
}

impl PayloadKind {
    /// Every kind.
    pub const ALL: [PayloadKind; 9] = [
        PayloadKind::Counted,
        PayloadKind::BoxCounted,
        PayloadKind::RefCellCounted,
        PayloadKind::VecCounted,
        PayloadKind::U64,
        PayloadKind::CellU64,
        PayloadKind::Array,
        PayloadKind::String,
        PayloadKind::Unit,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<P: Payload>(has_identity: bool) {
        let ledger = Ledger::new(8);
        let value = P::make(6, &ledger);
        let expected = if has_identity { Some(6) } else { None };
        assert_eq!(value.identity(), Ok(expected));
        drop(value);
        assert!(ledger.audit().is_clean(), "{:?}", ledger.audit());
    }

    #[test]
    fn every_payload_reads_back_its_identity() {
        round_trip::<Counted>(true);
        round_trip::<Box<Counted>>(true);
        round_trip::<RefCell<Counted>>(true);
        round_trip::<Vec<Counted>>(true);
        round_trip::<u64>(true);
        round_trip::<Cell<u64>>(true);
        round_trip::<[u64; 24]>(true);
        round_trip::<String>(true);
        round_trip::<()>(false);
    }

    #[test]
    fn sizes_span_small_and_large_buffers() {
        assert_eq!(size_of::<Counted>(), 16);
        assert_eq!(size_of::<Box<Counted>>(), 8);
        assert!(size_of::<RefCell<Counted>>() > 16);
        assert!(size_of::<[u64; 24]>() > 128);
    }

    #[test]
    fn the_audit_sees_leaks_and_double_drops() {
        let ledger = Ledger::new(4);
        let leaked = Counted::make(1, &ledger);
        core::mem::forget(leaked);
        ledger.drop_token(2 * TOKENS_PER_VALUE);
        let audit = ledger.audit();
        assert_eq!(audit.leaked, [TOKENS_PER_VALUE]);
        assert_eq!(audit.double_dropped, [2 * TOKENS_PER_VALUE]);
        ledger.drop_token(1_000);
        assert_eq!(ledger.audit().strays, 1);
    }
}
