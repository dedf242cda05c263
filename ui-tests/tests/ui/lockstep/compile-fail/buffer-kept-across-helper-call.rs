// Keeps using the buffer name after handing the side to a helper.
// `buf` is a borrow of the buffer the side holds, and the helper may swap
// through `side`: afterwards the side holds another buffer, so the old
// borrow cannot be used. The compiler says so in the block's names (`side`,
// `buf`).
// Correct: read the buffer again after the helper, `buf = side.get_mut();`,
// then use `buf`.
use rendezvous_lockstep::lockstep;
use rendezvous_lockstep::lockstep::Side;

fn send(side: &mut Side<'_, u32>, value: u32) {
    *side.get_mut() = value;
    side.swap();
}

fn main() {
    lockstep! {
        left |buf = 0| as side {
            send(side, 1);
            *buf += 1; //~ ERROR cannot borrow `*side` as mutable more than once
        }
        right |buf = 0| { swap!(buf); }
    };
}
