//! Two threads in lockstep: each prints a number, then waits for the other.
//!
//! Prints `1 1 2 2 3 3 4 4`, one number a line: neither thread can run ahead.

use rendezvous_lockstep::Rendezvous;
use std::thread;

fn main() {
    let (mut my_rendezvous, mut their_rendezvous) = Rendezvous::new();
    let their_thread = thread::spawn(move || {
        for i in 1..5 {
            println!("{i}");
            their_rendezvous.wait();
        }
    });
    for i in 1..5 {
        println!("{i}");
        my_rendezvous.wait();
    }
    their_thread.join().unwrap();
}
