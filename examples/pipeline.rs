//! A two-stage pipeline: parse, then aggregate.
//!
//! The first stage parses lines of text into records, a batch at a time; the
//! second adds them up. While the second stage works on one batch, the first
//! fills the other: two batch buffers, traded at every `swap!`. The stream's
//! length is not known up front: an empty batch ends it, so both stages leave
//! their loops after the same swap (and were it otherwise, the stage left
//! waiting would panic with both swap counts instead of hanging).
//!
//! Run it with `cargo run --release --example pipeline`; it checks the
//! pipeline's totals against a plain single-threaded pass.

use rendezvous_lockstep::lockstep;

const BATCH: usize = 1_000;

/// The input: `LINES` lines of `sensor,reading`.
fn input() -> String {
    (0..123_457_u64)
        .map(|i| format!("sensor{},{}\n", i % 7, (i * 7_919) % 1_000))
        .collect()
}

/// One record of the input.
struct Record {
    sensor: usize,
    reading: u64,
}

fn parse(line: &str) -> Record {
    let (sensor, reading) = line.split_once(',').expect("a comma");
    Record {
        sensor: sensor
            .trim_start_matches("sensor")
            .parse()
            .expect("a sensor number"),
        reading: reading.parse().expect("a reading"),
    }
}

/// Sums of readings per sensor.
fn aggregate(totals: &mut [u64; 7], records: &[Record]) {
    for record in records {
        totals[record.sensor] += record.reading;
    }
}

fn main() {
    let text = input();
    let (batches, totals) = lockstep! {
        <Vec<Record>>
        // Stage 1: parse a batch, hand it on; an empty batch ends the stream.
        left |batch = Vec::with_capacity(BATCH)| {
            let mut lines = text.lines(); // borrows the caller's `text`
            let mut batches = 0;
            loop {
                batch.clear();
                batch.extend(lines.by_ref().take(BATCH).map(parse));
                let last = batch.is_empty();
                swap!(batch);
                if last {
                    break batches;
                }
                batches += 1;
            }
        }
        // Stage 2: add up the batch stage 1 finished last.
        right |batch = Vec::with_capacity(BATCH)| {
            let mut totals = [0_u64; 7];
            loop {
                swap!(batch);
                if batch.is_empty() {
                    break totals;
                }
                aggregate(&mut totals, batch);
            }
        }
    };

    let mut expected = [0_u64; 7];
    aggregate(&mut expected, &text.lines().map(parse).collect::<Vec<_>>());
    assert_eq!(totals, expected, "the pipeline lost or repeated a record");
    println!("{batches} batches of up to {BATCH} records through 2 stages");
    for (sensor, total) in totals.iter().enumerate() {
        println!("sensor{sensor}: {total}");
    }
    println!("totals match a single-threaded pass");
}
