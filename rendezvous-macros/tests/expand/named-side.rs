// A named side: `side` is the block's `&mut lockstep::Side<'_, u32>`, the
// one `swap!(n)` swaps, so helpers take it; `n` is read again after them.
fn main() {
    let (left, right) = lockstep! {
        <u32>
        left |n = 0| as side {
            send_all(side, &[1, 2, 3]);
            swap!(n);
            *n
        }
        right |n = 0| as side {
            let got = receive_all(side);
            n = side.get_mut();
            got + *n
        }
    };
}
