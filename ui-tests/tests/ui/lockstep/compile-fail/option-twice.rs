// Gives the same option twice: which name should the thread get?
// Correct: give each option once.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left { swap!(); }
        right(name = "reader", name = "writer") { swap!(); } //~ ERROR the option `name` is given twice
    };
}
