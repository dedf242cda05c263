//! Two threads trade buffers by ownership: whatever one side writes into the
//! buffer it holds, the other side holds after their next swap.
//!
//! A client writes a request into its buffer and swaps; the server finds the
//! request in the buffer that swap gave it, writes its reply into that same
//! buffer and swaps again, which hands the reply back to the client.

use rendezvous_lockstep::RendezvousData;
use std::thread;

fn main() {
    let (mut client, mut server) = RendezvousData::new(0_u64, 0_u64);
    let server_thread = thread::spawn(move || {
        let slot = server.swap(); // the client's buffer, holding its request
        let request = *slot;
        *slot = request * request; // the reply, in the same buffer
        server.swap(); // hands the buffer back
        request
    });

    *client.get_mut() = 12;
    client.swap(); // the request leaves; an empty buffer comes back
    let reply = *client.swap(); // the request's buffer returns, with the reply

    let request = server_thread.join().unwrap();
    assert_eq!((request, reply), (12, 144));
    println!("the server squared {request} and sent back {reply}");
}
