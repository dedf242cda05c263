//! The rules of the hand-offs on `Option<T>` buffers, written once for the
//! handles and for `lockstep::Side`: `exchange` (both hand a value over),
//! `give` (this side hands a value over, the partner takes it) and `take`
//! (the reverse). Each checks the buffers around a swap and panics, at the
//! caller's line, when the two sides disagree about who gives.

/// The values a partner gives, one `take` each, until it hangs up: what
/// `iter_take` returns, on `RendezvousData`,
/// [`RendezvousDataRef`](crate::RendezvousDataRef) and `lockstep::Side`
/// over `Option<T>` buffers.
///
/// Its `next` panics as `take` does (at the line of the loop).
///
/// # Examples
///
/// ```
/// let (_, taken) = rendezvous_lockstep::lockstep::run(
///     None,
///     None,
///     |producer| (1..=3).for_each(|n| producer.give(n).unwrap()),
///     |consumer| consumer.iter_take().collect::<Vec<u32>>(),
/// );
/// assert_eq!(taken, [1, 2, 3]);
/// ```
#[derive(Debug)]
#[must_use = "an iterator does nothing until it is used"]
pub struct IterTake<'h, H>(pub(crate) &'h mut H);

/// Before a `give` or an `exchange`: no swap may be pending after a
/// timeout, for the value could not join the swap that already stands.
///
/// # Panics
///
/// If `pending`.
#[track_caller]
pub(crate) fn check_not_pending(pending: bool, call: &str) {
    if pending {
        panic!(
            "{call}: a swap is pending after a timeout, and a value cannot join it: finish \
             that swap first, with take(), swap() or try_swap()"
        );
    }
}

/// Before a `give`: puts `value` into this side's buffer, which must be
/// empty. (An `exchange` replaces whatever the buffer holds, as it always
/// has.)
///
/// # Panics
///
/// If the buffer holds a value: one that an earlier `give` failed to hand
/// over (its `Disconnected` left it there), which this one would drop.
#[track_caller]
pub(crate) fn load<T>(buffer: &mut Option<T>, value: T) {
    if buffer.is_some() {
        panic!(
            "give: this side's buffer still holds a value, which this give would drop (a \
             give that returned Disconnected leaves its value there): take it out with \
             get_mut().take() first"
        );
    }
    *buffer = Some(value);
}

/// Before a `take`: this side hands its buffer over, which must be empty.
///
/// # Panics
///
/// If the buffer holds a value: the partner, which gives, would receive it.
#[track_caller]
pub(crate) fn check_empty<T>(buffer: &Option<T>) {
    if buffer.is_some() {
        panic!(
            "take: this side's buffer holds a value, which take would hand to the partner: \
             give it instead, or take it out with get_mut().take() first"
        );
    }
}

/// After an `exchange` or a `take`: the value the partner handed over.
///
/// # Panics
///
/// If the partner handed over nothing: it took too, or swapped an empty
/// buffer.
#[track_caller]
pub(crate) fn unload<T>(received: &mut Option<T>, call: &str) -> T {
    match received.take() {
        Some(value) => value,
        None => panic!(
            "{call}: the partner handed over no value (it called take, or swapped an empty \
             buffer): when one side takes, the other must give; when both hand a value \
             over, both call exchange"
        ),
    }
}

/// After a `give`: the partner must have handed over nothing.
///
/// # Panics
///
/// If the partner handed a value over too (it called `give` or
/// `exchange`). The value stays in this side's buffer.
#[track_caller]
pub(crate) fn check_nothing_received<T>(received: &Option<T>) {
    if received.is_some() {
        panic!(
            "give: the partner handed a value over too (it called give or exchange): when \
             one side gives, the other must take; when both hand a value over, both call \
             exchange"
        );
    }
}
