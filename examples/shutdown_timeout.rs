//! A language server's stdin reader, and a shutdown that waits at most
//! `EXIT_TIMEOUT` for the client's last message.
//!
//! The reader block parses the client's messages, one line each (`request ID
//! METHOD ARGS..`, then `shutdown`, then `exit`), and hands each one over to
//! the handler block, the server's main loop, which answers it: a one-way
//! hand-off per message (`give` in the reader, `take` in the handler). While
//! the handler answers one request, the reader parses the next.
//!
//! After `shutdown` the protocol allows one more message, `exit`, and a
//! server must not wait for it forever: the handler waits at most
//! `EXIT_TIMEOUT` with `swap_timeout`. Two clients show both outcomes:
//!
//! - a normal client sends `exit` at once: the handler returns on it, and the
//!   reader returns at the end of its input;
//! - a stalled client goes quiet after `shutdown` (the input's `stall MS`
//!   line) and speaks again only after the handler gave up and returned. The
//!   handler's timed-out swap still stands, so the first late message
//!   completes it and is never read; the next `give` returns
//!   `Err(Disconnected)`, keeps its message, and the reader returns too.
//!
//! The normal client's messages are also answered by a one-thread
//! parse-then-answer loop; both must give the very same answers, and the
//! program prints the speed-up of the two blocks over that loop (median of
//! interleaved runs).
//!
//! Run it with `cargo run --release --example shutdown_timeout`.

use rendezvous_lockstep::{TimeoutError, lockstep, lockstep::Side};
use std::thread;
use std::time::{Duration, Instant};

/// Requests per client.
const REQUESTS: u64 = 20_000;
/// Numbers in a request's arguments.
const ARGS: usize = 64;
/// How long the handler waits for `exit` after `shutdown`.
const EXIT_TIMEOUT: Duration = Duration::from_millis(100);
/// How long the stalled client stays quiet after `shutdown`.
const STALL: Duration = Duration::from_millis(300);
/// Timed runs per way, interleaved; the table shows the median.
const RUNS: usize = 5;

/// A request: what to compute, over which numbers.
#[derive(Debug)]
struct Request {
    id: u64,
    method: Method,
    args: [u16; ARGS],
}

#[derive(Debug)]
enum Method {
    Complete, // completion candidates: the arguments sorted, without repeats
    Hover,    // a hover text: the arguments folded through a hash
}

/// A message of the client, as the reader hands it to the handler.
#[derive(Debug)]
enum Message {
    Request(Request),
    Shutdown,
    Exit,
}

/// The next word of `words`, as a number.
fn number<N: std::str::FromStr>(words: &mut std::str::SplitAsciiWhitespace<'_>) -> N {
    words
        .next()
        .and_then(|word| word.parse().ok())
        .expect("a number")
}

fn parse(line: &str) -> Message {
    let mut words = line.split_ascii_whitespace();
    match words.next() {
        Some("request") => {
            let id = number(&mut words);
            let method = match words.next() {
                Some("complete") => Method::Complete,
                Some("hover") => Method::Hover,
                other => panic!("unknown method {other:?}"),
            };
            let mut args = [0; ARGS];
            for arg in &mut args {
                *arg = number(&mut words);
            }
            assert!(words.next().is_none(), "more than {ARGS} arguments");
            Message::Request(Request { id, method, args })
        }
        Some("shutdown") => Message::Shutdown,
        Some("exit") => Message::Exit,
        other => panic!("unknown message {other:?}"),
    }
}

/// A client's input: `REQUESTS` requests, `shutdown`, then `exit`. The
/// stalled client goes quiet before `exit` (a `stall MS` line, which the
/// reader obeys), and sends one late request first.
fn client(stall: Option<Duration>) -> String {
    let mut text = String::new();
    let mut seed = 0x2545_f491_u64;
    let mut request = |text: &mut String, id: u64| {
        let method = ["hover", "complete", "complete"][(id % 3) as usize];
        text.push_str(&format!("request {id} {method}"));
        for _ in 0..ARGS {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            text.push_str(&format!(" {}", (seed >> 33) % 60_000));
        }
        text.push('\n');
    };
    for id in 1..=REQUESTS {
        request(&mut text, id);
    }
    text.push_str("shutdown\n");
    if let Some(stall) = stall {
        text.push_str(&format!("stall {}\n", stall.as_millis()));
        request(&mut text, REQUESTS + 1);
    }
    text.push_str("exit\n");
    text
}

/// What the handler answered: how many requests, a checksum of the answers,
/// and whether it saw `shutdown`.
#[derive(Debug, Default, PartialEq)]
struct Answers {
    requests: u64,
    checksum: u64,
    shut_down: bool,
}

impl Answers {
    fn answer(&mut self, request: &Request) {
        let answer = match request.method {
            Method::Complete => {
                let mut candidates = request.args;
                candidates.sort_unstable();
                let distinct = candidates
                    .chunk_by(|a, b| a == b)
                    .map(|run| u64::from(run[0]));
                distinct.fold(0_u64, |sum, c| sum.wrapping_mul(31).wrapping_add(c))
            }
            Method::Hover => request.args.iter().fold(request.id, |hash, &arg| {
                (0..8).fold(hash ^ u64::from(arg), |h, _| {
                    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9)
                })
            }),
        };
        self.requests += 1;
        self.checksum = self.checksum.rotate_left(5) ^ answer ^ request.id;
    }
}

/// How the server's main loop ended.
#[derive(Debug, PartialEq)]
enum End {
    /// It received `exit`.
    Exit,
    /// No `exit` within `EXIT_TIMEOUT` after `shutdown`: it gave up.
    TimedOut,
    /// The client closed its end without `exit`.
    Closed,
}

/// Parse, then answer, line after line on one thread.
fn one_thread(input: &str) -> (Answers, End) {
    let mut answers = Answers::default();
    for line in input.lines() {
        match parse(line) {
            Message::Request(request) => answers.answer(&request),
            Message::Shutdown => answers.shut_down = true,
            Message::Exit => return (answers, End::Exit),
        }
    }
    (answers, End::Closed)
}

/// The reader block: parses each line and hands the message over, until
/// the input ends or the handler has returned. Returns how many messages it
/// handed over and the one it kept, if the handler was gone.
fn read(input: &str, stdin: &mut Side<'_, Option<Message>>) -> (u64, Option<Message>) {
    let mut handed_over = 0;
    for line in input.lines() {
        if let Some(ms) = line.strip_prefix("stall ") {
            thread::sleep(Duration::from_millis(ms.parse().expect("milliseconds")));
            continue; // the client was quiet for a while
        }
        if stdin.give(parse(line)).is_err() {
            // The handler returned: the message stays in this side's buffer.
            return (handed_over, stdin.get_mut().take());
        }
        handed_over += 1;
    }
    (handed_over, None)
}

/// The handler block, the server's main loop: answers each message the
/// reader hands over; after `shutdown`, waits at most `EXIT_TIMEOUT` for
/// `exit`.
fn serve(conn: &mut Side<'_, Option<Message>>) -> (Answers, End) {
    let mut answers = Answers::default();
    loop {
        match conn.take() {
            Ok(Message::Request(request)) => answers.answer(&request),
            Ok(Message::Shutdown) => break,
            Ok(Message::Exit) => return (answers, End::Exit),
            Err(_) => return (answers, End::Closed),
        }
    }
    answers.shut_down = true;
    // `take` with a timeout: swap this side's empty buffer for the reader's.
    let started = Instant::now();
    let end = match conn.swap_timeout(EXIT_TIMEOUT) {
        Ok(received) => match received.take() {
            Some(Message::Exit) => End::Exit,
            Some(other) => panic!("{other:?} after shutdown"),
            None => panic!("the reader swapped without giving a message"),
        },
        Err(TimeoutError::Timeout) => {
            assert!(started.elapsed() >= EXIT_TIMEOUT, "gave up early");
            End::TimedOut
        }
        Err(TimeoutError::Disconnected(_)) => End::Closed,
    };
    (answers, end)
}

/// What one two-block run produced: the handler's answers and end, the
/// reader's count and kept message, and the time it took.
type Run = ((Answers, End), (u64, Option<Message>), Duration);

/// The reader on a thread of its own, the handler on the calling thread.
fn two_blocks(input: &str) -> Run {
    let started = Instant::now();
    let (served, read) = lockstep! {
        <Option<Message>>
        left as conn { serve(conn) }
        right(name = "stdin") as stdin { read(input, stdin) }
    };
    (served, read, started.elapsed())
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_nanos() as f64
}

fn main() {
    let normal = client(None);
    let stalled = client(Some(STALL));
    let (expected, end) = one_thread(&normal);
    assert_eq!((expected.requests, end), (REQUESTS, End::Exit));

    // The normal client: timed against the one-thread loop, runs interleaved.
    let (mut one, mut two) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let started = Instant::now();
        let (answers, end) = one_thread(&normal);
        one.push(started.elapsed());
        assert_eq!((&answers, end), (&expected, End::Exit));

        let ((answers, end), (handed_over, kept), time) = two_blocks(&normal);
        two.push(time);
        assert_eq!(answers, expected, "the two blocks answered otherwise");
        assert_eq!(end, End::Exit, "the handler missed `exit`");
        assert_eq!((handed_over, kept.is_none()), (REQUESTS + 2, true));
    }
    println!(
        "normal client: {} requests answered, then shutdown; exit came within {} ms, \
         the handler returned on it and the reader at the end of its input",
        expected.requests,
        EXIT_TIMEOUT.as_millis()
    );

    // The stalled client: the handler gives up, the reader finds it gone.
    let ((answers, end), (handed_over, kept), _) = two_blocks(&stalled);
    assert_eq!(answers, expected, "the two blocks answered otherwise");
    assert_eq!(end, End::TimedOut, "the handler did not give up");
    assert_eq!(handed_over, REQUESTS + 2, "shutdown, and the late request");
    assert!(
        matches!(kept, Some(Message::Exit)),
        "the reader kept {kept:?}"
    );
    println!(
        "stalled client: {} requests answered, then shutdown; no exit within {} ms, \
         the handler gave up and returned",
        answers.requests,
        EXIT_TIMEOUT.as_millis()
    );
    println!(
        "  the client went on after {} ms: its late request completed the handler's \
         timed-out swap (handed over, never read), the next give returned \
         Err(Disconnected) and the reader returned, keeping `exit`",
        STALL.as_millis(),
    );

    let (one, two) = (median(one), median(two));
    let per = |ns: f64| ns / (REQUESTS + 2) as f64;
    println!(
        "normal client, {} messages (median of {RUNS} runs): one thread {:.0} ns/message, \
         reader and handler in lockstep {:.0} ns/message",
        REQUESTS + 2,
        per(one),
        per(two)
    );
    println!("speed-up over one thread: {:.2}x", one / two);
}
