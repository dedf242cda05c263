// Runs rounds over a `Vec` the caller owns: `for name in names;`. The header
// is evaluated once, on the calling thread, and each round hands both blocks
// the same item, by reference: `name` is a `&String` in both blocks. So both
// blocks run equally many rounds, whatever the expression.
use rendezvous_lockstep::lockstep;
use std::sync::Mutex;

fn main() {
    let names = vec![String::from("a"), String::from("b")];
    let seen = Mutex::new(Vec::new());
    lockstep! {
        for name in names;
        left { seen.lock().unwrap().push(format!("left {name}")); }
        right { seen.lock().unwrap().push(format!("right {name}")); }
    }
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(seen, ["left a", "left b", "right a", "right b"]);
}
