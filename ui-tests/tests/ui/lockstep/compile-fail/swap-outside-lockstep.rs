// Tries to call `swap!` in plain code, outside any `lockstep!` block.
// A swap point pairs with the partner block's matching `swap!`; outside a
// `lockstep!` there is no partner, so `rendezvous_lockstep::swap!` exists only to say so.
// Correct: put the code in a `lockstep! { left { .. swap!(); .. } right { .. } }`,
// or swap a `RendezvousData` handle by hand with `handle.swap()`.
use rendezvous_lockstep::swap;

fn main() {
    swap!(); //~ ERROR `swap!` can only be used inside a `lockstep!` block
}
