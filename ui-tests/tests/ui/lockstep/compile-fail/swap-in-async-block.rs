// Tries to swap inside an async block within a block.
// An async block runs only when its future is polled, perhaps never, perhaps
// on another thread, so its `swap!` cannot be paired; `lockstep!` rejects it.
// Correct: rendezvous in the block's own code, before or after the future
// runs.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { let _future = async { swap!() }; } //~ ERROR inside an async block
        right { swap!(); }
    };
}
