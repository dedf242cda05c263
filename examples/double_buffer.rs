//! A double-buffered simulate/render loop, and what the hand-over costs.
//!
//! The simulation steps a box of bouncing particles and writes each step into
//! a frame; the renderer draws the frame the simulation finished last, on the
//! main thread as GUI renderers must. While one frame is drawn, the next is
//! simulated: two buffers, traded at every step.
//!
//! Each stage takes about a microsecond per frame, the scale of an audio
//! block or a game's fixed step, where the cost of handing a frame over
//! decides whether a second thread helps at all. The same loop runs four
//! ways: on one thread (simulate, then draw), in lockstep with this crate,
//! in lockstep with `std::sync::Barrier` guarding two buffers, and with a
//! rendezvous channel (`sync_channel(0)`) handing frames over and a second
//! channel handing them back. Every way must draw the very frames the
//! one-thread run draws, each once and in order: the program checks that.
//!
//! Run it with `cargo run --release --example double_buffer`.

use rendezvous_lockstep::lockstep;
use std::sync::mpsc::sync_channel;
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Frames per run.
const FRAMES: u64 = 20_000;
/// Runs per way, interleaved; the table shows the median.
const RUNS: usize = 5;
/// Particles per frame: 64 positions of 4 bytes, 256 bytes handed over.
const PARTICLES: usize = 64;
/// Simulation substeps per frame (the simulation's share of the work).
const SUBSTEPS: usize = 15;
/// The canvas the renderer draws on (the renderer's share of the work).
const WIDTH: usize = 64;
const HEIGHT: usize = 24;

/// What the simulation hands to the renderer.
#[derive(Clone, Copy)]
struct Frame {
    number: u64,
    /// Positions in the unit square, in 1/65536ths: a small frame crosses
    /// between the cores faster.
    positions: [(u16, u16); PARTICLES],
}

impl Frame {
    const EMPTY: Frame = Frame {
        number: u64::MAX,
        positions: [(0, 0); PARTICLES],
    };
}

/// The simulation's own state: particles in the unit square under gravity.
struct World {
    positions: [(f32, f32); PARTICLES],
    velocities: [(f32, f32); PARTICLES],
}

impl World {
    fn new() -> Self {
        // A fixed start, so every run makes the same frames.
        let mut world = World {
            positions: [(0.0, 0.0); PARTICLES],
            velocities: [(0.0, 0.0); PARTICLES],
        };
        for i in 0..PARTICLES {
            let a = i as f32 * 2.4;
            world.positions[i] = ((i % 8) as f32 / 8.0 + 0.05, (i / 8) as f32 / 8.0 + 0.05);
            world.velocities[i] = (a.cos() * 0.002, a.sin() * 0.002);
        }
        world
    }

    /// Advances one frame: `SUBSTEPS` small steps of gravity and bouncing.
    fn step(&mut self) {
        for _ in 0..SUBSTEPS {
            for ((x, y), (vx, vy)) in self.positions.iter_mut().zip(&mut self.velocities) {
                *vy += 0.0001;
                *x += *vx;
                *y += *vy;
                if !(0.0..1.0).contains(x) {
                    *vx = -*vx;
                    *x = x.clamp(0.0, 0.999);
                }
                if !(0.0..1.0).contains(y) {
                    *vy = -*vy * 0.99;
                    *y = y.clamp(0.0, 0.999);
                }
            }
        }
    }

    fn write(&self, frame: &mut Frame, number: u64) {
        frame.number = number;
        for (pixel, &(x, y)) in frame.positions.iter_mut().zip(&self.positions) {
            *pixel = ((x * 65536.0) as u16, (y * 65536.0) as u16);
        }
    }
}

/// The renderer's own state: a canvas of brightness values.
struct Renderer {
    canvas: [[u8; WIDTH]; HEIGHT],
}

impl Renderer {
    fn new() -> Self {
        Renderer {
            canvas: [[0; WIDTH]; HEIGHT],
        }
    }

    /// Fades the canvas, stamps every particle as a small disc, and returns
    /// a checksum of the picture (which the runs compare).
    fn draw(&mut self, frame: &Frame) -> u64 {
        for row in &mut self.canvas {
            for cell in row.iter_mut() {
                *cell /= 2;
            }
        }
        for &(x, y) in &frame.positions {
            let cx = ((usize::from(x) * WIDTH) >> 16) as isize;
            let cy = ((usize::from(y) * HEIGHT) >> 16) as isize;
            for dy in -1..=1 {
                for dx in -2..=2 {
                    let (px, py) = (cx + dx, cy + dy);
                    if (0..WIDTH as isize).contains(&px) && (0..HEIGHT as isize).contains(&py) {
                        self.canvas[py as usize][px as usize] = 255;
                    }
                }
            }
        }
        self.canvas.iter().flatten().fold(0_u64, |sum, &cell| {
            sum.wrapping_mul(31).wrapping_add(u64::from(cell))
        })
    }

    /// Draws `frame`, after checking it is the one expected next.
    fn draw_next(&mut self, frame: &Frame, expected: u64) -> u64 {
        assert_eq!(frame.number, expected, "a frame was lost or shown twice");
        self.draw(frame)
    }
}

/// What one run of one way produced: the sum of the pictures' checksums,
/// and the time it took.
type Run = (u64, Duration);

/// Simulate, then draw, frame after frame.
fn one_thread() -> Run {
    let started = Instant::now();
    let (mut world, mut frame, mut renderer) = (World::new(), Frame::EMPTY, Renderer::new());
    let mut sum = 0_u64;
    for n in 0..FRAMES {
        world.write(&mut frame, n);
        world.step();
        sum = sum.wrapping_add(renderer.draw_next(&frame, n));
    }
    (sum, started.elapsed())
}

/// Two threads in lockstep with this crate: the frames trade places at
/// every `swap!`, by pointer.
fn rendezvous() -> Run {
    let started = Instant::now();
    let (sum, _) = lockstep! {
        <Frame>
        // The renderer: runs on this, the calling, thread.
        left |frame = Frame::EMPTY| {
            let mut renderer = Renderer::new();
            let mut sum = 0_u64;
            for n in 0..FRAMES {
                swap!(frame); // take the frame just simulated
                sum = sum.wrapping_add(renderer.draw_next(frame, n));
            }
            sum
        }
        // The simulation: hands a frame over, then steps the world while the
        // renderer draws it.
        right |frame = Frame::EMPTY| {
            let mut world = World::new();
            for n in 0..FRAMES {
                world.write(frame, n);
                swap!(frame); // hand it over, take back the one drawn before
                world.step();
            }
        }
    };
    (sum, started.elapsed())
}

/// Two threads in lockstep with `std::sync::Barrier`: frame `n` lives in
/// buffer `n % 2`; each buffer has a `Mutex` (never contended: the barrier
/// keeps the two threads on different buffers), which makes it safe Rust.
fn barrier() -> Run {
    let started = Instant::now();
    let buffers = [Mutex::new(Frame::EMPTY), Mutex::new(Frame::EMPTY)];
    let barrier = Barrier::new(2);
    let sum = thread::scope(|s| {
        s.spawn(|| {
            let mut world = World::new();
            for n in 0..FRAMES {
                world.write(&mut buffers[n as usize % 2].lock().unwrap(), n);
                barrier.wait(); // frame n is ready
                world.step();
            }
        });
        let mut renderer = Renderer::new();
        let mut sum = 0_u64;
        for n in 0..FRAMES {
            barrier.wait();
            let frame = buffers[n as usize % 2].lock().unwrap();
            sum = sum.wrapping_add(renderer.draw_next(&frame, n));
        }
        sum
    });
    (sum, started.elapsed())
}

/// Two threads joined by channels: a rendezvous channel (`sync_channel(0)`)
/// hands each frame over, a second channel hands drawn frames back for reuse.
fn channel() -> Run {
    let started = Instant::now();
    let (to_renderer, frames) = sync_channel::<Box<Frame>>(0);
    let (to_simulation, drawn) = sync_channel::<Box<Frame>>(1);
    let sum = thread::scope(|s| {
        s.spawn(move || {
            let mut world = World::new();
            let mut spare = Some(Box::new(Frame::EMPTY));
            let mut frame = Box::new(Frame::EMPTY);
            for n in 0..FRAMES {
                world.write(&mut frame, n);
                to_renderer.send(frame).unwrap();
                world.step();
                frame = match spare.take() {
                    Some(frame) => frame,
                    None => drawn.recv().unwrap(),
                };
            }
        });
        let mut renderer = Renderer::new();
        let mut sum = 0_u64;
        for n in 0..FRAMES {
            let frame = frames.recv().unwrap();
            sum = sum.wrapping_add(renderer.draw_next(&frame, n));
            // The simulation may have finished and dropped its end.
            let _ = to_simulation.send(frame);
        }
        sum
    });
    (sum, started.elapsed())
}

/// One way to run the loop, by name.
struct Way {
    name: &'static str,
    run: fn() -> Run,
}

/// The middle of some durations.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let ways = [
        Way {
            name: "one thread",
            run: one_thread,
        },
        Way {
            name: "rendezvous-lockstep",
            run: rendezvous,
        },
        Way {
            name: "std::sync::Barrier",
            run: barrier,
        },
        Way {
            name: "sync_channel(0)",
            run: channel,
        },
    ];
    let mut times = vec![Vec::new(); ways.len()];
    let mut expected = None;
    for _ in 0..RUNS {
        for (Way { name, run }, times) in ways.iter().zip(&mut times) {
            let (sum, time) = run();
            let expected = *expected.get_or_insert(sum);
            assert_eq!(
                sum, expected,
                "{name} drew other pictures than the one-thread run"
            );
            times.push(time);
        }
    }

    let per_frame: Vec<f64> = times
        .into_iter()
        .map(|t| median(t).as_nanos() as f64 / FRAMES as f64)
        .collect();
    let speed_up: Vec<f64> = per_frame.iter().map(|ns| per_frame[0] / ns).collect();
    println!(
        "{FRAMES} frames of {PARTICLES} particles, each drawn once and in order, \
         the same pictures every way (median of {RUNS} runs)"
    );
    println!("{:<22}{:>12}{:>10}", "", "ns/frame", "speed-up");
    for ((way, ns), x) in ways.iter().zip(&per_frame).zip(&speed_up) {
        println!("{:<22}{ns:>12.0}{x:>9.2}x", way.name);
    }
    println!(
        "speed-up over one thread: rendezvous {:.2}x, Barrier {:.2}x, channel {:.2}x",
        speed_up[1], speed_up[2], speed_up[3]
    );
}
