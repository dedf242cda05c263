//! A double-buffered simulate/render loop.
//!
//! The simulation steps a box of bouncing particles and writes each step into
//! a frame; the renderer, on the main thread as GUI renderers must be, draws
//! the frame the simulation finished last. While one frame is drawn, the next
//! is simulated: two buffers, traded at every `swap!`, never copied.
//!
//! Run it with `cargo run --release --example double_buffer`. It draws three
//! of the frames as text, checks that every frame arrived exactly once and in
//! order, and prints what a frame hand-over cost.

use rendezvous::lockstep;
use std::time::Instant;

const PARTICLES: usize = 64;
const FRAMES: u64 = 200_000;
const WIDTH: usize = 48;
const HEIGHT: usize = 12;

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
            .map(|i| ((i % 8) as f32 / 8.0 + 0.05, (i / 8) as f32 / 8.0 + 0.05))
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

/// Draws a frame as text, one `*` per occupied cell.
fn draw(frame: &Frame) -> String {
    let mut grid = vec![[b' '; WIDTH]; HEIGHT];
    for &(x, y) in &frame.positions {
        grid[(y * HEIGHT as f32) as usize][(x * WIDTH as f32) as usize] = b'*';
    }
    let rows: Vec<String> = grid
        .iter()
        .map(|row| format!("|{}|", String::from_utf8_lossy(row)))
        .collect();
    rows.join("\n")
}

fn main() {
    let started = Instant::now();
    let (rendered, simulated) = lockstep! {
        <Frame>
        // The renderer: runs on this, the main, thread.
        left |frame = Frame::default()| {
            let mut rendered = 0;
            for n in 0..FRAMES {
                swap!(frame); // take the frame just simulated
                assert_eq!(frame.number, n, "a frame was lost or shown twice");
                assert_eq!(frame.positions.len(), PARTICLES);
                if n == 0 || n == FRAMES / 2 || n == FRAMES - 1 {
                    println!("frame {n}:\n{}", draw(frame));
                }
                rendered += 1;
            }
            rendered
        }
        // The simulation: steps the world, then hands the frame over.
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
    let elapsed = started.elapsed();
    assert_eq!(rendered, simulated);
    println!(
        "{simulated} frames simulated, {rendered} rendered, each exactly once and in order; \
         {:.0} ns per frame ({} particles)",
        elapsed.as_nanos() as f64 / FRAMES as f64,
        PARTICLES
    );
}
