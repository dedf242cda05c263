// Keeps a block's side in a struct with one lifetime for both the borrow
// and the side's own lifetime: `&'a mut Side<'a, T>`.
// A block gets `&'s mut Side<'p, T>`, where the side lives ('p) longer
// than this borrow of it ('s). Behind a `&mut`, a type's lifetime cannot be
// shortened (it is invariant): so `'a` would have to be both, and the
// compiler rejects the struct's construction.
// Write two lifetimes, one for the borrow and one for the side:
// `struct Player<'s, 'p> { side: &'s mut Side<'p, T> }`
// (pass/side-kept-in-struct.rs).
use rendezvous_lockstep::lockstep;
use rendezvous_lockstep::lockstep::Side;

struct Player<'a> {
    side: &'a mut Side<'a, Option<Vec<i16>>>,
}

impl Drop for Player<'_> {
    fn drop(&mut self) {
        let _ = self.side.give(Vec::new()); // a last, empty block
    }
}

fn main() {
    lockstep! {
        left |block = None| as side {
            let _player = Player { side }; //~ ERROR lifetime may not live long enough
        }
        right |block = None| as side {
            let _ = side.take();
        }
    };
}
