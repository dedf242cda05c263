// A block that names its side and binds no buffer starts on the buffer
// type's default, through `default_buffer` (spanned at its keyword).
fn main() {
    let (_, taken) = lockstep! {
        left |slot = None| as giver {
            giver.give(1).unwrap();
        }
        right as taker {
            taker.take().unwrap()
        }
    };
}
