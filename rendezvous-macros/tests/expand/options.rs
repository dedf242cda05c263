// Options: the right thread's name and stack size, and how each side waits,
// go to `lockstep::Builder` through `__private::options()`.
fn main() {
    let (left, right) = lockstep! {
        left(waiting = Waiting::Spin) {
            swap!();
        }
        right(name = "reader", stack_size = 1 << 20, waiting = Waiting::default()) {
            swap!();
        }
    };
}
