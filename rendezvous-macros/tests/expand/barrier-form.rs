// The barrier form: no buffers, `swap!()` is a pure rendezvous; a block
// without swaps ignores its side.
fn main() {
    let (a, b) = lockstep! {
        left { swap!(); 1 }
        right { rendezvous_lockstep::swap!() }
    };
    lockstep! {
        left { 1 }
        right {}
    };
}
