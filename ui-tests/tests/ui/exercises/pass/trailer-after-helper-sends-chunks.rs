// Exercise 6, solved: after the helper, `msg = side.get_mut();` reads the
// buffer the side holds now. `msg` was a borrow of the buffer through
// `side`, and the helper swapped twice: the buffer `msg` pointed to went to
// the partner at the first of those swaps. Reassigning `msg` ends the old
// borrow (it is never read again) before the helper borrows `side`.
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
            send_chunks(side, &["a", "b"]);
            msg = side.get_mut();
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
