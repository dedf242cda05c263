// Swaps a `Vec` buffer between the two blocks: double buffering.
// Each block owns one buffer at a time; `swap!(buf)` hands it to the partner
// and rebinds `buf` to the buffer the partner had, so the left block fills a
// buffer while the right block reads the one filled before.
// The macro's value is `(left_value, right_value)`.
use rendezvous_lockstep::lockstep;

fn main() {
    let (kept, seen) = lockstep! {
        <Vec<u32>>
        left |buf = Vec::new()| {
            for i in 0..3 {
                buf.clear();
                buf.push(i);
                swap!(buf);
            }
            buf.len()
        }
        right |buf = Vec::new()| {
            let mut seen = Vec::new();
            for _ in 0..3 {
                swap!(buf);
                seen.push(buf[0]);
            }
            seen
        }
    };
    assert_eq!(kept, 1); // the left block ends with the buffer the right block read last: [1]
    assert_eq!(seen, [0, 1, 2]);
}
