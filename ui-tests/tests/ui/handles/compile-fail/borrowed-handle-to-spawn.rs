// Tries to move a handle of a stack-allocated pair into `thread::spawn`.
// The handle borrows `state`, a local of `main`, but a spawned thread may
// outlive `main`'s frame, so `spawn` needs a `'static` closure (E0597).
// Correct: spawn inside `std::thread::scope`, or make the pair with
// `Rendezvous::new()`, which shares its state through an `Arc`.
fn main() {
    let mut state = rendezvous_lockstep::RendezvousState::new();
    let (mut left, mut right) = state.split(); //~ ERROR E0597
    let t = std::thread::spawn(move || right.wait());
    left.wait();
    t.join().unwrap();
}
