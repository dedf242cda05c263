//! A read-ahead reader: an `io::BufRead` whose next chunk is read on
//! another thread while this one works on the current chunk.
//!
//! The source is file-like: a `Read` of a web server's access log, whose
//! text is made as it is read (formatting each line stands in for
//! decompressing it). The `right` block, on a thread named `read-ahead`,
//! reads the source chunk by chunk into two buffers that it recycles; the
//! `left` block names its side and wraps it in [`ReadAhead`], which
//! implements `Read` and `BufRead` by trading the chunk it has read for
//! the next one (`try_swap`) and reports the end of the file when the
//! reader thread has returned. The consumer is ordinary `io` code:
//! `BufRead::lines`, counting lines, words, status classes and latency.
//!
//! The same count runs over a plain `BufReader` on one thread; the results
//! must be equal, and the program prints the speed-up. A second consumer
//! reads only the head of the log and returns, which stops the reader
//! thread early.
//!
//! Run it with `cargo run --release --example read_ahead`.

use rendezvous_lockstep::lockstep;
use rendezvous_lockstep::lockstep::Side;
use std::collections::HashSet;
use std::hint::black_box;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::thread;
use std::time::{Duration, Instant};

/// Lines in the log.
const LINES: u64 = 250_000;
/// Bytes per chunk read ahead (and the one-thread `BufReader`'s capacity).
const CHUNK: usize = 64 * 1024;
/// Runs per way, interleaved; the table shows the median.
const RUNS: usize = 5;
/// Lines the `head` consumer reads before it returns.
const HEAD: usize = 1_000;

/// The access log, as a file-like source: each `read` hands out text that
/// it formats on demand, 64 lines at a time.
struct AccessLog {
    next: u64,
    lines: u64,
    pending: Vec<u8>,
    at: usize,
}

impl AccessLog {
    fn new(lines: u64) -> Self {
        AccessLog {
            next: 0,
            lines,
            pending: Vec::with_capacity(8 * 1024),
            at: 0,
        }
    }

    /// Formats the next lines into `pending`.
    fn refill(&mut self) {
        const METHODS: [&str; 4] = ["GET", "GET", "POST", "PUT"];
        const STATUS: [u16; 8] = [200, 200, 200, 200, 304, 404, 200, 500];
        self.pending.clear();
        self.at = 0;
        let end = (self.next + 64).min(self.lines);
        for i in self.next..end {
            let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            writeln!(
                self.pending,
                "2026-11-26T{:02}:{:02}:{:02}.{:03} host-{:02} {} /api/item/{} {} {}us",
                (i / 3_600_000) % 24,
                (i / 60_000) % 60,
                (i / 1_000) % 60,
                i % 1_000,
                h >> 59,
                METHODS[(h >> 20) as usize % 4],
                (h >> 24) % 100_000,
                STATUS[(h >> 40) as usize % 8],
                (h >> 44) % 20_000,
            )
            .expect("writing to a Vec");
        }
        self.next = end;
    }
}

impl Read for AccessLog {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.pending.len() {
            if self.next == self.lines {
                return Ok(0);
            }
            self.refill();
        }
        let n = out.len().min(self.pending.len() - self.at);
        out[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// An `io::BufRead` over the chunks that the partner block reads ahead:
/// when this side has used up its chunk, it trades it for the next one.
struct ReadAhead<'s, 'p> {
    side: &'s mut Side<'p, Vec<u8>>,
    /// How much of the current chunk was consumed.
    at: usize,
    /// The reader thread has returned: the end of the file.
    ended: bool,
}

impl<'s, 'p> ReadAhead<'s, 'p> {
    /// Starts with the side's own buffer, which holds no chunk yet.
    fn new(side: &'s mut Side<'p, Vec<u8>>) -> Self {
        side.get_mut().clear();
        ReadAhead {
            side,
            at: 0,
            ended: false,
        }
    }
}

impl BufRead for ReadAhead<'_, '_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.at == self.side.get_mut().len() && !self.ended {
            // Hand the used chunk back to be refilled, take the next one;
            // or the reader has returned, and this side keeps its chunk.
            match self.side.try_swap() {
                Ok(_) => self.at = 0,
                Err(_) => self.ended = true,
            }
        }
        let at = self.at;
        Ok(&self.side.get_mut()[at..])
    }

    fn consume(&mut self, amount: usize) {
        self.at += amount;
    }
}

impl Read for ReadAhead<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let chunk = self.fill_buf()?;
        let n = out.len().min(chunk.len());
        out[..n].copy_from_slice(&chunk[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// What the consumer counts.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    lines: u64,
    words: u64,
    /// Responses by class: 2xx, 3xx, 4xx, 5xx.
    classes: [u64; 4],
    /// Total latency in microseconds.
    latency_us: u64,
}

/// The consumer: ordinary `io` code over any `BufRead`, reading at most
/// `limit` lines.
fn tally(reader: impl BufRead, limit: usize) -> io::Result<Tally> {
    let mut tally = Tally::default();
    for line in reader.lines().take(limit) {
        let line = line?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        tally.lines += 1;
        tally.words += fields.len() as u64;
        let status: u16 = fields[4].parse().expect("a status");
        tally.classes[usize::from(status / 100 - 2)] += 1;
        let latency = fields[5].trim_end_matches("us");
        tally.latency_us += latency.parse::<u64>().expect("a latency");
    }
    Ok(tally)
}

/// The count over a plain `BufReader`, on one thread.
fn one_thread(limit: usize) -> Tally {
    let reader = BufReader::with_capacity(CHUNK, AccessLog::new(LINES));
    tally(reader, limit).expect("reading the log")
}

/// The count over a `ReadAhead`: its reader thread reads the next chunk
/// while this thread counts the current one. Also returns how many chunks
/// the reader thread read, and how many distinct buffers held them.
fn read_ahead(limit: usize) -> (Tally, u64, usize) {
    let (tally, (chunks, buffers)) = lockstep! {
        <Vec<u8>>
        left |_chunk = Vec::with_capacity(CHUNK)| as side {
            tally(ReadAhead::new(side), limit).expect("reading ahead")
        }
        right(name = "read-ahead") |chunk = Vec::with_capacity(CHUNK)| {
            assert_eq!(thread::current().name(), Some("read-ahead"));
            let mut log = AccessLog::new(LINES);
            let mut chunks = 0;
            let mut buffers = HashSet::new();
            loop {
                chunk.clear();
                (&mut log)
                    .take(CHUNK as u64)
                    .read_to_end(chunk)
                    .expect("reading the log");
                if chunk.is_empty() {
                    break; // the end of the file: returning ends the stream
                }
                chunks += 1;
                buffers.insert(chunk.as_ptr() as usize);
                if !try_swap!(chunk) {
                    break; // the consumer has returned: stop reading
                }
            }
            (chunks, buffers.len())
        }
    };
    (tally, chunks, buffers)
}

/// The middle of some durations.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let expected = one_thread(usize::MAX);
    let chunks = (expected_bytes() as usize).div_ceil(CHUNK) as u64;
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        let started = Instant::now();
        assert_eq!(black_box(one_thread(usize::MAX)), expected);
        times[0].push(started.elapsed());
        let started = Instant::now();
        let (tally, read, buffers) = black_box(read_ahead(usize::MAX));
        times[1].push(started.elapsed());
        assert_eq!(tally, expected, "read-ahead counted otherwise");
        assert_eq!(read, chunks, "the reader thread read the whole log");
        assert!(
            buffers <= 2,
            "{buffers} buffers: the chunks were not recycled"
        );
    }

    // Each stage timed on its own: reading the log chunk by chunk, and
    // counting what was read.
    let mut stage_times = [Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut log = AccessLog::new(LINES);
        let mut text = Vec::new();
        let mut chunk = vec![0; CHUNK];
        loop {
            let n = log.read(&mut chunk).expect("reading the log");
            if n == 0 {
                break;
            }
            text.extend_from_slice(&chunk[..n]);
        }
        stage_times[0].push(started.elapsed());
        let started = Instant::now();
        assert_eq!(tally(&text[..], usize::MAX).expect("counting"), expected);
        stage_times[1].push(started.elapsed());
    }
    let [reading, counting] = stage_times.map(median);

    let (head, read, _) = read_ahead(HEAD);
    assert_eq!(head, one_thread(HEAD), "the head differs");
    assert!(
        read < chunks,
        "the reader thread read on after the consumer returned"
    );

    let [one, two] = times.map(median);
    let per_chunk = |time: Duration| time.as_nanos() as f64 / chunks as f64;
    println!(
        "{} lines, {} words, {} bytes in {chunks} chunks of {} KiB through two recycled buffers, \
         the same count as one thread's BufReader (median of {RUNS} runs)",
        expected.lines,
        expected.words,
        expected_bytes(),
        CHUNK / 1024
    );
    println!(
        "  classes 2xx/3xx/4xx/5xx {:?}, mean latency {} us",
        expected.classes,
        expected.latency_us / expected.lines
    );
    println!(
        "  per step: read a {} KiB chunk from the log ({:.0} ns) | count its lines with \
         BufRead::lines ({:.0} ns)",
        CHUNK / 1024,
        per_chunk(reading),
        per_chunk(counting)
    );
    println!(
        "  one thread {:.0} ns/chunk, read-ahead {:.0} ns/chunk: speed-up {:.2}x",
        per_chunk(one),
        per_chunk(two),
        one.as_secs_f64() / two.as_secs_f64()
    );
    println!(
        "head: the first {HEAD} lines, then the consumer returned; the reader thread stopped \
         after {read} of {chunks} chunks"
    );
}

/// The log's size in bytes.
fn expected_bytes() -> u64 {
    let mut log = AccessLog::new(LINES);
    io::copy(&mut log, &mut io::sink()).expect("reading the log")
}
