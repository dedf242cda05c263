//! `swap_data`, written with `lockstep!`: a request and its reply travel in
//! one buffer, which changes hands at every `swap!`.

use rendezvous_lockstep::lockstep;

fn main() {
    let (reply, request) = lockstep! {
        <u64>
        left |slot = 0| {                   // the client
            *slot = 12;
            swap!(slot);                    // the request leaves
            swap!(slot);                    // its buffer returns, with the reply
            *slot
        }
        right |slot = 0| {                  // the server
            swap!(slot);                    // now slot holds the request
            let request = *slot;
            *slot = request * request;
            swap!(slot);                    // the reply goes back
            request
        }
    };
    assert_eq!((request, reply), (12, 144));
    println!("the server squared {request} and sent back {reply}");
}
