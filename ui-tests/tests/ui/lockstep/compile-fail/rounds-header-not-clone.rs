// Tries to run rounds over `queue.drain(..)`.
// The rounds header is evaluated once, on the calling thread, and the `right`
// block runs over a copy of its value, so that both blocks see the same
// items; a `Drain` cannot be copied: it empties the queue as it goes.
// Correct: iterate the queue, `for item in &queue;`, and clear it after.
use rendezvous_lockstep::lockstep;

fn main() {
    let mut queue = vec![1, 2, 3];
    lockstep! {
        for item in queue.drain(..); //~ ERROR cannot give both blocks its items
        left { let _ = item; }
        right {}
    }
}
