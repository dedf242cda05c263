// The data form with its buffer type: each block gets `buf`, a `&mut Vec<u32>`,
// and each `swap!(buf)` rebinds it to the partner's buffer.
fn main() {
    let (sent, received) = lockstep! {
        <Vec<u32>>
        left |buf = Vec::new()| {
            for i in 0..3 {
                buf.push(i);
                swap!(buf);
            }
            3
        }
        right |buf = Vec::new()| {
            let mut received = Vec::new();
            for _ in 0..3 {
                swap!(buf);
                received.extend_from_slice(buf);
            }
            received
        }
    };
}
