// Rebinds the name of the block's side, then swaps.
// `swap!(buf)` swaps through the side the block named (`as side`); where a
// `let` hides that name, the `swap!` could not reach the block's side.
// `lockstep!` rejects it and names the `let`.
// Correct: give the other value another name.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        left |buf = 0| as side {
            let side = "left";
            println!("{side}");
            swap!(buf); //~ ERROR swaps through the block's side `side`
        }
        right |buf = 1| { swap!(buf); }
    };
}
