// Names the right block's thread, sets its stack size, and chooses how each
// block waits for a late partner. Options go in parentheses after the
// block's keyword: `right(name = .., stack_size = .., waiting = ..)`, and
// `left(waiting = ..)`, since the left block runs on the calling thread.
use rendezvous_lockstep::{Waiting, lockstep};

fn main() {
    let (left, right) = lockstep! {
        left(waiting = Waiting::Spin) {
            swap!();
            std::thread::current().name().map(str::to_owned)
        }
        right(name = "reader", stack_size = 512 * 1024, waiting = Waiting::default()) {
            swap!();
            std::thread::current().name().map(str::to_owned)
        }
    };
    assert_eq!(right.as_deref(), Some("reader"));
    assert_eq!(left, std::thread::current().name().map(str::to_owned));
}
