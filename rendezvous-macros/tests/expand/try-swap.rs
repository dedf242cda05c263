// `try_swap!` is a `bool`: `true` after a swap, `false` once the partner
// block has returned, when the buffer name is rebound to this block's own.
fn main() {
    let (sent, received) = lockstep! {
        <u32>
        left |item = 0| {
            for i in 0..3 {
                *item = i;
                swap!(item);
            }
        }
        right |item = 0| {
            let mut received = Vec::new();
            while try_swap!(item) {
                received.push(*item);
            }
            received
        }
    };
    let (met, ()) = lockstep! {
        left {
            let mut met = 0;
            while try_swap!() {
                met += 1;
            }
            met
        }
        right {
            swap!();
        }
    };
}
