//! Two threads trade buffers: each writes into the buffer it holds, and after
//! the next swap the other one reads it.

use rendezvous_lockstep::RendezvousData;
use std::thread;

fn main() {
    let (mut my_rendezvous, mut their_rendezvous) = RendezvousData::new(0, 0);
    let handle = thread::spawn(move || {
        let borrow = their_rendezvous.swap();
        *borrow = 3;

        let borrow = their_rendezvous.swap();
        assert_eq!(7, *borrow);
        println!("their thread received {borrow}");
    });
    let borrow = my_rendezvous.swap();
    *borrow = 7;

    let borrowed_data = my_rendezvous.swap();
    assert_eq!(3, *borrowed_data);
    println!("my thread received {borrowed_data}");
    handle.join().unwrap();
}
