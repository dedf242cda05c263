//! A three-stage pipeline from two pairs with different buffer types:
//! raw bytes, then parsed records, then aggregates.
//!
//! Stage 1 writes chunks of CSV text (`Vec<u8>`), as a reader of a sensor
//! log would hand them out; stage 2 parses each chunk into records
//! (`Vec<Record>`); stage 3 adds the records up per sensor. The outer
//! `lockstep!` pairs stage 1 (its `right` block) with a block that runs an
//! inner `lockstep!` of stages 2 and 3. An inner block cannot `swap!` the
//! outer pair's buffer, so the outer block names its side (`as raw`) and
//! stage 2 calls `raw.try_swap()` on it for the next chunk of bytes, while
//! it trades record batches with stage 3 by `try_swap!(records)`.
//!
//! Every stage ends by hang-up: stage 1 returns after its last chunk,
//! which ends stage 2's `raw.try_swap()` loop; stage 2 then returns, which
//! ends stage 3's `while try_swap!(records)`. Nobody counts the chunks
//! but stage 1.
//!
//! The same work runs on one thread (write, parse, add up, chunk after
//! chunk); the totals must be equal, and the program prints the speed-up.
//!
//! Run it with `cargo run --release --example three_stages`.

use rendezvous_lockstep::lockstep;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Chunks stage 1 writes.
const CHUNKS: u64 = 2_000;
/// Lines per chunk.
const LINES: u64 = 256;
/// Sensors in the log.
const SENSORS: usize = 16;
/// Runs per way, interleaved; the table shows the median.
const RUNS: usize = 5;

/// One line of the log, parsed.
struct Record {
    sensor: usize,
    /// The reading in thousandths.
    milli: i64,
}

/// Stage 1's work: writes chunk `chunk`'s lines, `millis,sensor-N,reading`.
fn write_chunk(chunk: u64, raw: &mut Vec<u8>) {
    let mut text = String::from_utf8(std::mem::take(raw)).expect("the chunk is text");
    text.clear();
    for line in chunk * LINES..(chunk + 1) * LINES {
        let h = line.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
        let milli = (h % 100_000) as i64 - 20_000;
        writeln!(
            text,
            "{},sensor-{},{}{}.{:03}",
            1_764_151_200_000 + line * 10,
            (h >> 32) as usize % SENSORS,
            if milli < 0 { "-" } else { "" },
            milli.abs() / 1_000,
            milli.abs() % 1_000,
        )
        .expect("writing to a String");
    }
    *raw = text.into_bytes();
}

/// Stage 2's work: parses a chunk of lines into records.
fn parse_chunk(raw: &[u8], records: &mut Vec<Record>) {
    records.clear();
    let text = std::str::from_utf8(raw).expect("the chunk is text");
    for line in text.lines() {
        let mut fields = line.split(',');
        let _millis: u64 = fields
            .next()
            .and_then(|millis| millis.parse().ok())
            .expect("a timestamp");
        let sensor = fields.next().expect("a sensor");
        let reading = fields.next().expect("a reading");
        let (whole, fraction) = reading.split_once('.').expect("a decimal point");
        let (sign, whole) = match whole.strip_prefix('-') {
            Some(whole) => (-1, whole),
            None => (1, whole),
        };
        let whole: i64 = whole.parse().expect("whole units");
        let fraction: i64 = fraction.parse().expect("thousandths");
        records.push(Record {
            sensor: sensor
                .strip_prefix("sensor-")
                .and_then(|n| n.parse().ok())
                .expect("a sensor number"),
            milli: sign * (whole * 1_000 + fraction),
        });
    }
}

/// Stage 3's result: per sensor, the count, sum, least and greatest
/// reading, a histogram of the readings in 1-unit buckets, and the alarms
/// raised where a reading strays from the sensor's moving average.
#[derive(Clone, Debug, PartialEq)]
struct Totals {
    count: [u64; SENSORS],
    sum: [i64; SENSORS],
    min: [i64; SENSORS],
    max: [i64; SENSORS],
    histogram: Vec<[u32; 100]>,
    average: [f64; SENSORS],
    alarms: [u64; SENSORS],
}

impl Totals {
    fn new() -> Self {
        Totals {
            count: [0; SENSORS],
            sum: [0; SENSORS],
            min: [i64::MAX; SENSORS],
            max: [i64::MIN; SENSORS],
            histogram: vec![[0; 100]; SENSORS],
            average: [0.0; SENSORS],
            alarms: [0; SENSORS],
        }
    }

    /// Stage 3's work: adds a batch of records.
    fn add(&mut self, records: &[Record]) {
        for &Record { sensor, milli } in records {
            self.count[sensor] += 1;
            self.sum[sensor] += milli;
            self.min[sensor] = self.min[sensor].min(milli);
            self.max[sensor] = self.max[sensor].max(milli);
            self.histogram[sensor][((milli + 20_000) / 1_000) as usize] += 1;
            let reading = milli as f64 / 1_000.0;
            let average = &mut self.average[sensor];
            if (reading - *average).abs() > 45.0 {
                self.alarms[sensor] += 1;
            }
            *average += (reading - *average) / 32.0;
        }
    }
}

/// Write, parse, add up, chunk after chunk, on one thread; with each
/// stage's time.
fn one_thread() -> (Totals, [Duration; 3]) {
    let (mut raw, mut records, mut totals) = (Vec::new(), Vec::new(), Totals::new());
    let mut stages = [Duration::ZERO; 3];
    for chunk in 0..CHUNKS {
        let t0 = Instant::now();
        write_chunk(chunk, &mut raw);
        let t1 = Instant::now();
        parse_chunk(&raw, &mut records);
        let t2 = Instant::now();
        totals.add(&records);
        stages[0] += t1 - t0;
        stages[1] += t2 - t1;
        stages[2] += t2.elapsed();
    }
    (totals, stages)
}

/// The three stages on three threads, two pairs chained: returns the
/// totals, and the chunks each stage handled.
fn three_stages() -> (Totals, [u64; 3]) {
    let ((totals, parsed, added), written) = lockstep! {
        <Vec<u8>>
        // Stages 2 and 3: a pair of their own, fed through the outer side.
        left |_raw = Vec::new()| as raw {
            let (parsed, (totals, added)) = lockstep! {
                <Vec<Record>>
                // Stage 2, on the calling thread: the next chunk of bytes
                // from stage 1 through the outer side, parsed into records
                // for stage 3.
                left |records = Vec::new()| {
                    let mut parsed = 0;
                    while let Ok(bytes) = raw.try_swap() {
                        parse_chunk(bytes, records);
                        parsed += 1;
                        if !try_swap!(records) {
                            break;
                        }
                    }
                    parsed // returning ends stage 3's stream
                }
                // Stage 3: adds up each batch until stage 2 has returned.
                right |records = Vec::new()| {
                    let (mut totals, mut added) = (Totals::new(), 0);
                    while try_swap!(records) {
                        totals.add(records);
                        added += 1;
                    }
                    (totals, added)
                }
            };
            (totals, parsed, added)
        }
        // Stage 1: writes the chunks, and returns after the last one.
        right |raw = Vec::new()| {
            let mut written = 0;
            for chunk in 0..CHUNKS {
                write_chunk(chunk, raw);
                written += 1;
                if !try_swap!(raw) {
                    break;
                }
            }
            written
        }
    };
    (totals, [written, parsed, added])
}

/// The middle of some durations.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let (expected, _) = one_thread();
    let mut times = [Vec::new(), Vec::new()];
    let mut stage_times = [(); 3].map(|()| Vec::new());
    for _ in 0..RUNS {
        let started = Instant::now();
        let (totals, stages) = black_box(one_thread());
        times[0].push(started.elapsed());
        assert_eq!(totals, expected);
        for (times, stage) in stage_times.iter_mut().zip(stages) {
            times.push(stage);
        }
        let started = Instant::now();
        let (totals, chunks) = black_box(three_stages());
        times[1].push(started.elapsed());
        assert_eq!(
            totals, expected,
            "the pipeline's totals differ from one thread's"
        );
        assert_eq!(chunks, [CHUNKS; 3], "a stage lost or repeated a chunk");
    }

    let [one, three] = times.map(median);
    let stages = stage_times.map(median);
    let per_step = |time: Duration| time.as_nanos() as f64 / CHUNKS as f64;
    let records: u64 = expected.count.iter().sum();
    println!(
        "{CHUNKS} chunks of {LINES} lines through 3 stages (bytes -> records -> totals), \
         {records} records, the same totals as one thread (median of {RUNS} runs)"
    );
    let mean = expected.sum[0] as f64 / expected.count[0] as f64 / 1_000.0;
    println!(
        "  sensor-0: {} readings, mean {mean:.3}, from {:.3} to {:.3}, {} alarms",
        expected.count[0],
        expected.min[0] as f64 / 1_000.0,
        expected.max[0] as f64 / 1_000.0,
        expected.alarms[0]
    );
    println!(
        "  per step: write {LINES} CSV lines ({:.0} ns) | parse them into records ({:.0} ns) \
         | add them up per sensor ({:.0} ns)",
        per_step(stages[0]),
        per_step(stages[1]),
        per_step(stages[2])
    );
    println!(
        "  one thread {:.0} ns/chunk, three stages {:.0} ns/chunk: speed-up {:.2}x",
        per_step(one),
        per_step(three),
        one.as_secs_f64() / three.as_secs_f64()
    );
}
