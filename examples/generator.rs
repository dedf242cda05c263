//! A generator and its consumer that end by hanging up, in both directions.
//!
//! (a) A producer of a known number of blocks, and a consumer that does not
//! know it: the producer synthesizes blocks of a noisy signal and returns
//! after the last one; the consumer filters each block with
//! `while try_swap!(block)`, which is `false` once the producer has
//! returned.
//!
//! (b) An endless generator, and a consumer that knows when it has enough:
//! the generator stretches candidate keys, block after block, with
//! `while try_swap!(keys) { *keys = next(); }`; the consumer searches them
//! for keys whose hash meets a target and returns once it has found
//! `WANTED`, which ends the generator's loop.
//!
//! Neither side counts the other's swaps, and neither sends an end marker.
//! Each way runs on one thread (produce, then consume) and in lockstep; the
//! results must be equal, and the program prints the speed-up.
//!
//! Run it with `cargo run --release --example generator`.

use rendezvous_lockstep::lockstep;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs per way, interleaved; the table shows the median.
const RUNS: usize = 5;

/// (a) Blocks the producer makes.
const BLOCKS: u64 = 4_000;
/// (a) Samples per block.
const SAMPLES: usize = 512;
/// (a) Taps of the consumer's low-pass filter.
const TAPS: usize = 64;

/// (b) Keys per generated block.
const KEYS: usize = 256;
/// (b) Mixing rounds that stretch one key.
const STRETCH: u32 = 24;
/// (b) Matches the consumer wants before it hangs up.
const WANTED: usize = 120;
/// (b) A key matches if its hash is below `u64::MAX >> TARGET_BITS`.
const TARGET_BITS: u32 = 11;

/// A small, fast, deterministic random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// (a) The producer's state: a phase and a noise source.
struct Signal {
    phase: f64,
    noise: Rng,
}

impl Signal {
    fn new() -> Self {
        Signal {
            phase: 0.0,
            noise: Rng(0x9E37_79B9_7F4A_7C15),
        }
    }

    /// Per-step work of the producer: synthesizes one block, two tones and
    /// noise.
    fn synthesize(&mut self, block: &mut Vec<f64>) {
        block.clear();
        for _ in 0..SAMPLES {
            self.phase += 0.031;
            let noise = (self.noise.next() >> 11) as f64 / (1_u64 << 53) as f64 - 0.5;
            block.push(self.phase.sin() + 0.3 * (7.0 * self.phase).sin() + 0.2 * noise);
        }
    }
}

/// (a) The consumer's state: the filter's history and what it measured.
struct Filter {
    history: [f64; TAPS],
    energy: f64,
    blocks: u64,
}

impl Filter {
    fn new() -> Self {
        Filter {
            history: [0.0; TAPS],
            energy: 0.0,
            blocks: 0,
        }
    }

    /// Per-step work of the consumer: a moving-average low-pass filter over
    /// the block, summing the output's energy.
    fn filter(&mut self, block: &[f64]) {
        for (i, &sample) in block.iter().enumerate() {
            self.history[i % TAPS] = sample;
            let out: f64 = self.history.iter().sum::<f64>() / TAPS as f64;
            self.energy += out * out;
        }
        self.blocks += 1;
    }
}

/// (a) What the consumer measured: blocks seen and the energy's bits.
type Measured = (u64, u64);

fn finite_one_thread() -> Measured {
    let (mut signal, mut filter, mut block) = (Signal::new(), Filter::new(), Vec::new());
    for _ in 0..BLOCKS {
        signal.synthesize(&mut block);
        filter.filter(&block);
    }
    (filter.blocks, filter.energy.to_bits())
}

/// (a) The one-thread run, timing each stage: (synthesize, filter).
fn finite_stages() -> [Duration; 2] {
    let (mut signal, mut filter, mut block) = (Signal::new(), Filter::new(), Vec::new());
    let mut stages = [Duration::ZERO; 2];
    for _ in 0..BLOCKS {
        let started = Instant::now();
        signal.synthesize(&mut block);
        let synthesized = Instant::now();
        filter.filter(&block);
        stages[0] += synthesized - started;
        stages[1] += synthesized.elapsed();
    }
    black_box(filter.energy);
    stages
}

fn finite_lockstep() -> Measured {
    let (measured, produced) = lockstep! {
        <Vec<f64>>
        // The consumer does not know how many blocks come: it filters
        // until the producer has returned.
        left |block = Vec::with_capacity(SAMPLES)| {
            let mut filter = Filter::new();
            while try_swap!(block) {
                filter.filter(block);
            }
            (filter.blocks, filter.energy.to_bits())
        }
        // The producer makes its blocks and returns: the end of the stream.
        right |block = Vec::with_capacity(SAMPLES)| {
            let mut signal = Signal::new();
            for _ in 0..BLOCKS {
                signal.synthesize(block);
                swap!(block);
            }
            BLOCKS
        }
    };
    assert_eq!(measured.0, produced);
    measured
}

/// (b) Per-step work of the generator: stretches the next `KEYS`
/// candidate keys, `STRETCH` mixing rounds each.
fn stretch(keys: &mut Vec<u64>, next: &mut u64) {
    keys.clear();
    for _ in 0..KEYS {
        let mut key = *next;
        *next += 1;
        for _ in 0..STRETCH {
            key = mix(key);
        }
        keys.push(key);
    }
}

/// SplitMix64's finalizer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// (b) Per-step work of the consumer: hashes each key (as many rounds as
/// stretching took) and keeps those whose hash meets the target, up to
/// `WANTED`. Returns whether it has enough.
fn search(keys: &[u64], found: &mut Vec<u64>) -> bool {
    for &key in keys {
        let mut hash = key ^ 0xD1B5_4A32_D192_ED03;
        for _ in 0..STRETCH {
            hash = mix(hash.rotate_left(17));
        }
        if hash < u64::MAX >> TARGET_BITS {
            found.push(key);
            if found.len() == WANTED {
                return true;
            }
        }
    }
    false
}

/// (b) The keys found, and how many blocks the consumer searched.
type Found = (Vec<u64>, u64);

fn endless_one_thread() -> Found {
    let (mut keys, mut next, mut found, mut blocks) = (Vec::new(), 0, Vec::new(), 0);
    loop {
        stretch(&mut keys, &mut next);
        blocks += 1;
        if search(&keys, &mut found) {
            return (found, blocks);
        }
    }
}

/// (b) The one-thread run, timing each stage: (stretch, search).
fn endless_stages() -> [Duration; 2] {
    let (mut keys, mut next, mut found) = (Vec::new(), 0, Vec::new());
    let mut stages = [Duration::ZERO; 2];
    loop {
        let started = Instant::now();
        stretch(&mut keys, &mut next);
        let stretched = Instant::now();
        let enough = search(&keys, &mut found);
        stages[0] += stretched - started;
        stages[1] += stretched.elapsed();
        if enough {
            return stages;
        }
    }
}

fn endless_lockstep() -> Found {
    let (found, generated) = lockstep! {
        <Vec<u64>>
        // The consumer: searches block after block and returns once it has
        // enough, which hangs up on the generator.
        left |keys = Vec::with_capacity(KEYS)| {
            let (mut found, mut blocks) = (Vec::new(), 0);
            loop {
                swap!(keys);
                blocks += 1;
                if search(keys, &mut found) {
                    break (found, blocks);
                }
            }
        }
        // The endless generator: one block ahead of the consumer, until the
        // consumer hangs up.
        right |keys = Vec::with_capacity(KEYS)| {
            let mut next = 0;
            stretch(keys, &mut next);
            let mut blocks = 1;
            while try_swap!(keys) {
                stretch(keys, &mut next);
                blocks += 1;
            }
            blocks
        }
    };
    // It made one block more than was taken: the one it was offering.
    assert_eq!(generated, found.1 + 1);
    found
}

/// The middle of some durations.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Times `one_thread` against `lockstep` over `RUNS` interleaved runs,
/// checking that both give the same result, and returns the result and
/// the median times.
fn compare<R: PartialEq + std::fmt::Debug>(
    one_thread: fn() -> R,
    lockstep: fn() -> R,
) -> (R, Duration, Duration) {
    let mut times = [Vec::new(), Vec::new()];
    let mut expected = None;
    for _ in 0..RUNS {
        for (way, (run, times)) in [one_thread, lockstep].iter().zip(&mut times).enumerate() {
            let started = Instant::now();
            let result = black_box(run());
            times.push(started.elapsed());
            match &expected {
                None => expected = Some(result),
                Some(expected) => assert_eq!(
                    &result,
                    expected,
                    "the {} run differs from the one-thread run",
                    ["one-thread", "lockstep"][way]
                ),
            }
        }
    }
    let [one, two] = times.map(median);
    (expected.expect("at least one run"), one, two)
}

/// The median time of each stage over `RUNS` one-thread runs.
fn median_stages(stages: fn() -> [Duration; 2]) -> [Duration; 2] {
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        for (times, stage) in times.iter_mut().zip(stages()) {
            times.push(stage);
        }
    }
    times.map(median)
}

/// Prints the per-step time of each stage, of one thread and of lockstep,
/// and the speed-up.
fn print(stages: [(&str, Duration); 2], steps: u64, one: Duration, two: Duration) {
    let per_step = |time: Duration| time.as_nanos() as f64 / steps as f64;
    println!(
        "  per step: {} ({:.0} ns) | {} ({:.0} ns)",
        stages[0].0,
        per_step(stages[0].1),
        stages[1].0,
        per_step(stages[1].1)
    );
    println!(
        "  one thread {:.0} ns/step, lockstep {:.0} ns/step: speed-up {:.2}x",
        per_step(one),
        per_step(two),
        one.as_secs_f64() / two.as_secs_f64()
    );
}

fn main() {
    let ((blocks, energy), one, two) = compare(finite_one_thread, finite_lockstep);
    println!(
        "(a) a producer of {BLOCKS} blocks ends; the consumer runs `while try_swap!(block)`: \
         {blocks} blocks filtered, energy {:.3}, as on one thread (median of {RUNS} runs)",
        f64::from_bits(energy)
    );
    let [synthesize, filter] = median_stages(finite_stages);
    print(
        [
            (&format!("synthesize {SAMPLES} samples"), synthesize),
            (&format!("filter them, {TAPS} taps"), filter),
        ],
        blocks,
        one,
        two,
    );

    let ((found, blocks), one, two) = compare(endless_one_thread, endless_lockstep);
    println!(
        "(b) an endless generator stops when its consumer, with {WANTED} keys found, returns: \
         {blocks} blocks searched, first key {:#x}, last {:#x}, as on one thread",
        found[0],
        found[WANTED - 1]
    );
    let [stretching, searching] = median_stages(endless_stages);
    print(
        [
            (
                &format!("stretch {KEYS} keys, {STRETCH} rounds each"),
                stretching,
            ),
            ("hash and test them", searching),
        ],
        blocks,
        one,
        two,
    );
}
