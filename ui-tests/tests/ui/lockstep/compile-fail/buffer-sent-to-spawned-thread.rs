// Tries to hand the buffer to `std::thread::spawn`.
// A thread from `thread::spawn` may outlive the block, and the buffer belongs
// to the pair, which ends with the blocks; `lockstep!` says so on the buffer's
// name inside the spawned closure.
// Correct: send an owned copy, `let copy = buf.clone();`, or use
// `std::thread::scope`, whose threads end before the next `swap!`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = vec![1]| {
            std::thread::spawn(move || buf.len()); //~ ERROR cannot go to a thread from `thread::spawn`
            swap!(buf);
        }
        right |buf = vec![2]| { swap!(buf); }
    };
}
