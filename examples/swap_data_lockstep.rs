//! `swap_data`, written with `lockstep!`: each block writes into the buffer
//! it holds, and after the next `swap!` the other block reads it.

use rendezvous_lockstep::lockstep;

fn main() {
    let (mine, theirs) = lockstep! {
        left |borrow = 0| {
            swap!(borrow);
            *borrow = 7;
            swap!(borrow);
            *borrow
        }
        right |borrow = 0| {
            swap!(borrow);
            *borrow = 3;
            swap!(borrow);
            *borrow
        }
    };
    assert_eq!((mine, theirs), (3, 7));
    println!("left received {mine}, right received {theirs}");
}
