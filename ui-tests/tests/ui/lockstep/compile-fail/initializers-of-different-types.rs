// Tries to start the two blocks with buffers of different types.
// A swap trades the two buffers, so both have the one buffer type; the error
// (E0308) is on the initializer that does not have it.
// Correct: two initial values of one type, named in `<T>` if it helps:
// `<String> left |b = String::new()| .. right |b = String::from("x")| ..`.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |b = 1u8| { swap!(b); }
        right |b = "x"| { swap!(b); } //~ ERROR E0308
    };
}
