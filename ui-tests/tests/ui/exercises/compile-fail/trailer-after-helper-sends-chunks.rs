// Exercise 6: a helper sends the middle of a message through the named side.
// The left block sends a header with `swap!`, lets `send_chunks` send the
// chunks "a" and "b" through `side`, then writes a trailer into its buffer
// and sends it; the right block checks that it received, in order,
// "header", "a", "b", "trailer". It does not compile. Change the left
// block so that it compiles and runs to the end with the assertion as it
// is, then compare with the solution folded under exercise 6 in section 7
// of ui-tests/README.md.
use rendezvous_lockstep::{lockstep, lockstep::Side};

/// Sends each chunk in a swap of its own.
fn send_chunks(side: &mut Side<'_, String>, chunks: &[&str]) {
    for chunk in chunks {
        *side.get_mut() = chunk.to_string();
        side.swap();
    }
}

fn main() {
    let (_, received) = lockstep! {
        left |msg = String::new()| as side {
            msg.push_str("header");
            swap!(msg);
            send_chunks(side, &["a", "b"]); //~ ERROR E0499
            msg.clear();
            msg.push_str("trailer");
            swap!(msg);
        }
        right |msg = String::new()| {
            let mut received = Vec::new();
            for _ in 0..4 {
                swap!(msg);
                received.push(msg.clone());
            }
            received
        }
    };
    assert_eq!(received, ["header", "a", "b", "trailer"]);
}
