// Names only the right block's side, with a buffer type that has no
// `Default`. A block that binds no buffer starts with the type's default,
// so the type needs one; the error points at the block.
use rendezvous_lockstep::lockstep;

struct Frame(u32);

fn main() {
    lockstep! {
        left |frame = Frame(1)| { swap!(frame); }
        right as side { side.swap(); } //~ ERROR has none
    };
}
