// A block that only uses its side binds no buffer. The buffer type comes
// from the other block's binding (or from `<T>`), and the side-only block's
// buffer starts as that type's default: here `None`.
// The reader hands each line over; the handler takes them until the reader
// returns, and waits at most a while for each.
use rendezvous_lockstep::{TimeoutError, lockstep};
use std::time::Duration;

fn main() {
    let input = ["initialize", "hover", "shutdown", "exit"];
    let (_, handled) = lockstep! {
        left |line = None| as reader {
            for text in input {
                reader.give(text.to_owned()).unwrap();
            }
        }
        right as handler {
            let mut handled = Vec::new();
            loop {
                match handler.swap_timeout(Duration::from_secs(30)) {
                    Ok(line) => handled.extend(line.take()),
                    Err(TimeoutError::Disconnected(_)) => break handled,
                    Err(TimeoutError::Timeout) => break handled,
                }
            }
        }
    };
    assert_eq!(handled, ["initialize", "hover", "shutdown", "exit"]);
}
