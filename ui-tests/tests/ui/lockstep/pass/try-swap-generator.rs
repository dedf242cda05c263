// Generates until the consumer hangs up: the generator does not know how
// many values the consumer wants. It offers each value with `try_swap!`,
// which is `false` once the consumer block has returned; then it stops.
// The last value it made found no taker and stays in its own buffer.
use rendezvous_lockstep::lockstep;

fn main() {
    let (made, taken) = lockstep! {
        <u64>
        left |next = 0| {
            let (mut a, mut b) = (0, 1);
            let mut made = 0;
            loop {
                *next = a;
                (a, b) = (b, a + b);
                made += 1;
                if !try_swap!(next) {
                    break made;
                }
            }
        }
        right |next = 0| {
            let mut taken = Vec::new();
            for _ in 0..10 {
                swap!(next);
                taken.push(*next);
            }
            taken
        }
    };
    assert_eq!(taken, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    assert_eq!(made, 11);
}
