// The rounds form: the header is evaluated once, the right block iterates a
// copy, and each round ends with a swap the macro writes.
fn main() {
    let names = vec![String::from("a"), String::from("b")];
    lockstep! {
        for name in names;
        left |buf = String::new()| { buf.push_str(&name); }
        right |buf = String::new()| { println!("{name}: {buf}"); }
    }
}
