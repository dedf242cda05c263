//! A double-buffered simulate/render loop.
//!
//! The simulation steps a box of bouncing particles and writes each step into
//! a frame; the renderer, on the main thread as GUI renderers must be, draws
//! the frame the simulation finished last. While one frame is drawn, the next
//! is simulated: two buffers, traded at every `swap!`, never copied.
//!
//! Run it with `cargo run --release --example double_buffer`. It prints three
//! of the frames, checks that every frame arrived exactly once and in order
//! and that the renderer drew what the simulation made, and compares the
//! time per frame with the same work done on one thread.

use rendezvous_lockstep::lockstep;
use std::time::{Duration, Instant};

const PARTICLES: usize = 256;
const FRAMES: u64 = 100_000;
const WIDTH: usize = 64;
const HEIGHT: usize = 16;

/// What the simulation hands to the renderer.
#[derive(Default)]
struct Frame {
    number: u64,
    positions: Vec<(f32, f32)>,
}

/// The simulation's own state: particles in the unit square.
struct World {
    positions: Vec<(f32, f32)>,
    velocities: Vec<(f32, f32)>,
}

impl World {
    fn new() -> Self {
        // A fixed, spread-out start, so every run draws the same frames.
        let positions = (0..PARTICLES)
            .map(|i| ((i % 16) as f32 / 16.0 + 0.02, (i / 16) as f32 / 16.0 + 0.02))
            .collect();
        let velocities = (0..PARTICLES)
            .map(|i| {
                let a = i as f32 * 2.4;
                (a.cos() * 0.003, a.sin() * 0.003)
            })
            .collect();
        World {
            positions,
            velocities,
        }
    }

    fn step(&mut self) {
        for ((x, y), (vx, vy)) in self.positions.iter_mut().zip(&mut self.velocities) {
            *x += *vx;
            *y += *vy;
            if !(0.0..1.0).contains(x) {
                *vx = -*vx;
                *x = x.clamp(0.0, 0.999);
            }
            if !(0.0..1.0).contains(y) {
                *vy = -*vy;
                *y = y.clamp(0.0, 0.999);
            }
        }
    }

    fn write(&self, frame: &mut Frame, number: u64) {
        frame.number = number;
        frame.positions.clear();
        frame.positions.extend_from_slice(&self.positions);
    }
}

/// A text canvas, one cell per character.
struct Canvas {
    cells: Vec<[u8; WIDTH]>,
}

impl Canvas {
    fn new() -> Self {
        Canvas {
            cells: vec![[b' '; WIDTH]; HEIGHT],
        }
    }

    /// Draws a frame, one `*` per occupied cell, and returns how many cells
    /// are occupied.
    fn draw(&mut self, frame: &Frame) -> u64 {
        for row in &mut self.cells {
            row.fill(b' ');
        }
        for &(x, y) in &frame.positions {
            self.cells[(y * HEIGHT as f32) as usize][(x * WIDTH as f32) as usize] = b'*';
        }
        let occupied = self.cells.iter().flatten().filter(|&&c| c == b'*').count();
        occupied as u64
    }

    fn print(&self, number: u64) {
        println!("frame {number}:");
        for row in &self.cells {
            println!("|{}|", String::from_utf8_lossy(row));
        }
    }
}

/// Whether to print frame `n`.
fn shown(n: u64) -> bool {
    n == 0 || n == FRAMES / 2 || n == FRAMES - 1
}

/// The same work on one thread: simulate, then draw, frame after frame.
/// Returns the sum of occupied cells and the time taken.
fn one_thread() -> (u64, Duration) {
    let started = Instant::now();
    let (mut world, mut frame, mut canvas) = (World::new(), Frame::default(), Canvas::new());
    let mut drawn = 0;
    for n in 0..FRAMES {
        world.write(&mut frame, n);
        world.step();
        drawn += canvas.draw(&frame);
    }
    (drawn, started.elapsed())
}

fn main() {
    let started = Instant::now();
    let (drawn, frames) = lockstep! {
        <Frame>
        // The renderer: runs on this, the main, thread.
        left |frame = Frame::default()| {
            let mut canvas = Canvas::new();
            let mut drawn = 0;
            for n in 0..FRAMES {
                swap!(frame); // take the frame just simulated
                assert_eq!(frame.number, n, "a frame was lost or shown twice");
                drawn += canvas.draw(frame);
                if shown(n) {
                    canvas.print(n);
                }
            }
            drawn
        }
        // The simulation: hands a frame over, then steps the world while the
        // renderer draws it.
        right |frame = Frame::default()| {
            let mut world = World::new();
            for n in 0..FRAMES {
                world.write(frame, n);
                swap!(frame); // hand it to the renderer, take back the older one
                world.step();
            }
            FRAMES
        }
    };
    let two_threads = started.elapsed();
    let (drawn_alone, one) = one_thread();
    assert_eq!(
        drawn, drawn_alone,
        "the renderer drew other frames than the simulation made"
    );

    let per_frame = |d: Duration| d.as_nanos() as f64 / FRAMES as f64;
    println!("{frames} frames of {PARTICLES} particles, each rendered exactly once and in order");
    println!(
        "one thread:              {:>6.0} ns per frame (simulate, then draw)",
        per_frame(one)
    );
    println!(
        "two threads in lockstep: {:>6.0} ns per frame (simulate while drawing), {:.2}x faster",
        per_frame(two_threads),
        per_frame(one) / per_frame(two_threads)
    );
}
