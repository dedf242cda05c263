//! The buffer type of a pair, for both APIs: the payload itself, or an
//! `Option` of it when a side exchanges (`exchange` trades `Option`s).

use crate::payload::Payload;

/// How a side handles the pair's buffer type `S`, which holds payload `P`:
/// `P` itself, or `Option<P>` when a side exchanges, through `X` (how the
/// caller's handles call `exchange`).
pub struct Buffer<S, P, X> {
    /// A buffer holding `value`.
    pub wrap: fn(P) -> S,
    /// The identity of the value a buffer holds.
    pub identity: fn(&S) -> Result<Option<u32>, String>,
    /// The handles' `exchange`, where `S` is `Option<P>`.
    pub exchange: Option<X>,
}

impl<P: Payload, X> Buffer<P, P, X> {
    /// The payload itself is the buffer; no side exchanges.
    pub fn plain() -> Self {
        Buffer {
            wrap: |value| value,
            identity: P::identity,
            exchange: None,
        }
    }
}

impl<P: Payload, X> Buffer<Option<P>, P, X> {
    /// `Option<P>` buffers, exchanged through `exchange`; an empty one
    /// carries no identity.
    pub fn optional(exchange: X) -> Self {
        Buffer {
            wrap: Some,
            identity: |buffer| match buffer {
                Some(value) => value.identity(),
                None => Err("an empty buffer".to_owned()),
            },
            exchange: Some(exchange),
        }
    }
}
