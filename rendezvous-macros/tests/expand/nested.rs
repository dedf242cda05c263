// A `lockstep!` nested in a block is marked with the buffers around it,
// which its blocks cannot swap.
fn main() {
    lockstep! {
        left |frame = Vec::new()| {
            let (a, b) = lockstep! {
                left |n = 1| { swap!(n); *n }
                right |n = 2| { swap!(n); *n }
            };
            frame.push(a + b);
            swap!(frame);
        }
        right |frame = Vec::new()| { swap!(frame); }
    };
}
