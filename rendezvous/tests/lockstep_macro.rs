//! `lockstep!`'s end of stream (`try_swap!`), named sides and options, run
//! for real.
#![cfg(all(feature = "macros", not(rendezvous_loom)))]

mod common;

use common::{panic_message, scaled};
use rendezvous_lockstep::lockstep::Side;
use rendezvous_lockstep::{Waiting, lockstep};
use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};

#[test]
fn a_consumer_runs_until_its_producer_is_done() {
    let count = scaled(1_000);
    let (sent, received) = lockstep! {
        <u64>
        left |item = 0| {
            for i in 1..=count {
                *item = i;
                swap!(item);
            }
            count
        }
        right |item = 0| {
            let mut received = Vec::new();
            while try_swap!(item) {
                received.push(*item);
            }
            // The producer has returned: `item` is this block's own buffer.
            (received, *item)
        }
    };
    assert_eq!(sent, count);
    let (received, last) = received;
    assert_eq!(received, (1..=count).collect::<Vec<_>>());
    assert_eq!(
        last, count,
        "the last buffer received stays with the consumer"
    );
}

#[test]
fn a_generator_runs_until_its_consumer_hangs_up() {
    let wanted = scaled(500);
    let (generated, taken) = lockstep! {
        <u64>
        left |next = 0| {
            let mut generated = 0;
            loop {
                generated += 1;
                *next = generated;
                if !try_swap!(next) {
                    break;
                }
            }
            generated
        }
        right |next = 0| {
            let mut taken = Vec::new();
            for _ in 0..wanted {
                swap!(next);
                taken.push(*next);
            }
            taken
        }
    };
    assert_eq!(taken, (1..=wanted).collect::<Vec<_>>());
    // The last value was made, offered, and found no taker.
    assert_eq!(generated, wanted + 1);
}

#[test]
fn the_barrier_form_ends_too() {
    let (met, rounds) = lockstep! {
        left {
            let mut met = 0;
            while try_swap!() {
                met += 1;
            }
            met
        }
        right {
            for _ in 0..7 {
                swap!();
            }
            7
        }
    };
    assert_eq!(met, rounds);
}

#[test]
fn a_partner_panic_still_propagates_through_try_swap() {
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        lockstep! {
            left |n = 0_u32| {
                while try_swap!(n) {}
            }
            right |n = 0_u32| {
                swap!(n);
                panic!("the producer broke");
            }
        }
    }));
    let payload = result.expect_err("the right block's panic");
    assert_eq!(panic_message(&*payload), "the producer broke");
}

/// Hands over `values` one by one through any side: one helper for both
/// blocks, as with `lockstep::run`.
fn send_all(side: &mut Side<'_, u32>, values: &[u32]) {
    for &value in values {
        *side.get_mut() = value;
        side.swap();
    }
}

#[test]
fn a_named_side_goes_to_helpers() {
    let (left, right) = lockstep! {
        <u32>
        left |n = 0| as side {
            send_all(side, &[1, 2, 3]);
            n = side.get_mut(); // the helper swapped: read the buffer again
            *n = 100;
            swap!(n);
            *n
        }
        right |n = 0| as side {
            let mut got = Vec::new();
            for _ in 0..3 {
                got.push(*side.swap());
            }
            n = side.get_mut();
            got.push(*n);
            *n = 9;
            swap!(n);
            (got, *n)
        }
    };
    assert_eq!((left, right), (9, (vec![1, 2, 3, 3], 100)));
}

/// An `io::Read` over chunks that the partner block fills: the read-ahead
/// reader, written once against the side.
struct ChunkReader<'s, 'p> {
    side: &'s mut Side<'p, Vec<u8>>,
    at: usize,
    done: bool,
}

impl Read for ChunkReader<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let chunk = self.side.get_mut();
            if self.at < chunk.len() {
                let n = out.len().min(chunk.len() - self.at);
                out[..n].copy_from_slice(&chunk[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            // A fresh chunk, or the end: then this block keeps the chunk
            // it has read.
            match self.side.try_swap() {
                Ok(_) => self.at = 0,
                Err(_) => self.done = true,
            }
        }
    }
}

#[test]
fn a_named_side_drives_an_io_read_adapter() {
    let text = "the quick brown fox jumps over the lazy dog ".repeat(50);
    let (read, chunks) = lockstep! {
        <Vec<u8>>
        left |_chunk = Vec::new()| as side {
            let mut read = String::new();
            let mut reader = ChunkReader { side, at: 0, done: false };
            reader.read_to_string(&mut read).expect("reading from the other block");
            read
        }
        right |chunk = Vec::new()| {
            let mut chunks = 0;
            for piece in text.as_bytes().chunks(37) {
                chunk.clear();
                chunk.extend_from_slice(piece);
                swap!(chunk);
                chunks += 1;
            }
            chunks
        }
    };
    assert_eq!(read, text);
    assert_eq!(chunks, text.len().div_ceil(37));
}

#[test]
fn the_right_thread_has_the_name_it_was_given() {
    let (left, right) = lockstep! {
        left(waiting = Waiting::Spin) {
            swap!();
            std::thread::current().name().map(str::to_owned)
        }
        right(name = "reader", stack_size = 256 * 1024, waiting = Waiting::default()) {
            swap!();
            std::thread::current().name().map(str::to_owned)
        }
    };
    assert_eq!(right.as_deref(), Some("reader"));
    assert_eq!(left, std::thread::current().name().map(str::to_owned));
}

#[test]
fn each_side_waits_as_told() {
    let (left, right) = lockstep! {
        left(waiting = Waiting::Spin) as side { side.waiting() }
        right(waiting = Waiting::default()) as side { side.waiting() }
    };
    assert_eq!((left, right), (Waiting::Spin, Waiting::default()));
}

#[test]
fn a_named_side_exchanges_owned_values() {
    let (left, right) = lockstep! {
        <Option<String>>
        left |_slot = None| as side {
            let mut got = Vec::new();
            for word in ["ping", "pong"] {
                got.push(side.exchange(word.to_owned()).expect("the right block is there"));
            }
            got
        }
        right |_slot = None| as side {
            let mut got = Vec::new();
            while let Ok(word) = side.exchange(format!("ack {}", got.len())) {
                got.push(word);
            }
            got
        }
    };
    assert_eq!(left, ["ack 0", "ack 1"]);
    assert_eq!(right, ["ping", "pong"]);
}
