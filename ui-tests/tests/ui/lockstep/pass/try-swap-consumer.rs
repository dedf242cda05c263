// Consumes until the producer is done, without knowing how many items come.
// `try_swap!(buf)` is a `bool`: `true` after a swap (`buf` holds what the
// producer handed over), `false` once the producer block has returned (`buf`
// is this block's own buffer again). With `swap!` the consumer would have
// to know the count, or panic waiting for a swap that never comes.
// A block that uses `try_swap!` is counted at run time only.
use rendezvous_lockstep::lockstep;

fn main() {
    let lines = ["alpha", "beta", "gamma"];
    let (sent, received) = lockstep! {
        <String>
        left |line = String::new()| {
            for text in lines {
                line.clear();
                line.push_str(text);
                swap!(line);
            }
            lines.len()
        }
        right |line = String::new()| {
            let mut received = Vec::new();
            while try_swap!(line) {
                received.push(line.clone());
            }
            received
        }
    };
    assert_eq!(sent, 3);
    assert_eq!(received, lines);
}
