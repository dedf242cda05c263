//! A game engine's pipelined renderer: one render world, passed back and
//! forth between the simulation and the renderer.
//!
//! Each frame, the simulation extracts what the renderer needs of its game
//! state (the sprites in view, in screen coordinates) into the render
//! world, gives the world to the renderer, and simulates the next frame
//! while the renderer draws that world; then it takes the world back and
//! extracts the next frame into it. Extraction is the only moment the two
//! wait for each other: simulating frame `n + 1` and rendering frame `n`
//! overlap.
//!
//! There is one render world for the whole run, allocated once: it travels
//! by value in one-way hand-offs (`give`, then `take` it back), so only its
//! handle crosses between the threads, never a copy of its sprites. The
//! program checks that the world's sprite buffer is the same allocation
//! after the last frame as before the first, and that the renderer drew
//! the very frames a one-thread loop (extract, render, simulate) draws, in
//! order, with the same pictures. It prints the speed-up over that loop
//! (median of interleaved runs).
//!
//! Run it with `cargo run --release --example render_world`.

use rendezvous_lockstep::lockstep;
use std::time::{Duration, Instant};

/// Frames per run.
const FRAMES: u64 = 4_000;
/// Entities in the game; most stay in view, near the point the camera follows.
const ENTITIES: usize = 2_000;
/// Simulation substeps per frame (the simulation's share of the work).
const SUBSTEPS: usize = 2;
/// The screen the renderer draws (the renderer's share of the work).
const WIDTH: usize = 192;
const HEIGHT: usize = 108;
/// The game's world is twice the screen in each direction.
const WORLD: (f32, f32) = (2.0 * WIDTH as f32, 2.0 * HEIGHT as f32);
/// Timed runs per way, interleaved; the table shows the median.
const RUNS: usize = 5;

/// A sprite to draw: what the renderer needs of an entity, and no more.
#[derive(Clone, Copy)]
struct Sprite {
    x: i16,
    y: i16,
    size: u8,
    shade: u8,
}

/// Everything the renderer draws in one frame.
struct RenderWorld {
    frame: u64,
    sprites: Vec<Sprite>,
}

impl RenderWorld {
    /// The run's one allocation: room for every entity in view at once.
    fn new() -> Self {
        RenderWorld {
            frame: u64::MAX,
            sprites: Vec::with_capacity(ENTITIES),
        }
    }
}

/// An entity of the game: more state than the renderer needs.
struct Entity {
    position: (f32, f32),
    velocity: (f32, f32),
    health: f32,
    size: u8,
}

/// The simulation's own state: entities orbiting a moving attractor, and a
/// camera that follows it.
struct Game {
    entities: Vec<Entity>,
    attractor: (f32, f32),
    camera: (f32, f32),
    tick: u32,
}

impl Game {
    fn new() -> Self {
        let entities = (0..ENTITIES)
            .map(|i| {
                let a = i as f32 * 2.399_963; // the golden angle: an even spread
                let r = 8.0 + (i % 97) as f32 * 1.5;
                Entity {
                    position: (WORLD.0 / 2.0 + r * a.cos(), WORLD.1 / 2.0 + r * a.sin()),
                    velocity: (-a.sin() * 0.8, a.cos() * 0.8),
                    health: 1.0,
                    size: 2 + (i % 5) as u8,
                }
            })
            .collect();
        Game {
            entities,
            attractor: (WORLD.0 / 2.0, WORLD.1 / 2.0),
            camera: (WORLD.0 / 4.0, WORLD.1 / 4.0),
            tick: 0,
        }
    }

    /// Advances one frame: `SUBSTEPS` steps of attraction, drag and wear.
    fn simulate(&mut self) {
        self.tick += 1;
        let t = self.tick as f32 * 0.01;
        self.attractor = (
            WORLD.0 / 2.0 + t.cos() * WORLD.0 / 5.0,
            WORLD.1 / 2.0 + (t * 1.3).sin() * WORLD.1 / 5.0,
        );
        let dt = 1.0 / SUBSTEPS as f32;
        for _ in 0..SUBSTEPS {
            for e in &mut self.entities {
                let (dx, dy) = (
                    self.attractor.0 - e.position.0,
                    self.attractor.1 - e.position.1,
                );
                let pull = 6.0 / (dx * dx + dy * dy + 50.0).sqrt();
                e.velocity.0 = (e.velocity.0 + dx * pull * dt * 0.05) * 0.999;
                e.velocity.1 = (e.velocity.1 + dy * pull * dt * 0.05) * 0.999;
                e.position.0 = (e.position.0 + e.velocity.0 * dt).rem_euclid(WORLD.0);
                e.position.1 = (e.position.1 + e.velocity.1 * dt).rem_euclid(WORLD.1);
                e.health = (e.health - 0.0002 * dt).max(0.2);
            }
        }
        let (cx, cy) = (
            self.attractor.0 - WIDTH as f32 / 2.0,
            self.attractor.1 - HEIGHT as f32 / 2.0,
        );
        self.camera = (
            self.camera.0 + (cx - self.camera.0) * 0.1,
            self.camera.1 + (cy - self.camera.1) * 0.1,
        );
    }

    /// Writes frame `frame` into `world`: the sprites in view, in screen
    /// coordinates. Reuses the world's buffer: it never grows past
    /// `ENTITIES`, the capacity it was made with.
    fn extract(&self, world: &mut RenderWorld, frame: u64) {
        world.frame = frame;
        world.sprites.clear();
        world.sprites.extend(self.entities.iter().filter_map(|e| {
            let (x, y) = (e.position.0 - self.camera.0, e.position.1 - self.camera.1);
            let in_view = (0.0..WIDTH as f32).contains(&x) && (0.0..HEIGHT as f32).contains(&y);
            in_view.then_some(Sprite {
                x: x as i16,
                y: y as i16,
                size: e.size,
                shade: (e.health * 60.0) as u8,
            })
        }));
    }
}

/// The renderer's own state: a screen of brightness values.
struct Renderer {
    screen: Vec<u8>,
}

impl Renderer {
    fn new() -> Self {
        Renderer {
            screen: vec![0; WIDTH * HEIGHT],
        }
    }

    /// Clears the screen, draws every sprite as a square (overlaps add up),
    /// and returns a checksum of the picture.
    fn render(&mut self, world: &RenderWorld) -> u64 {
        self.screen.fill(0);
        for sprite in &world.sprites {
            let (x, y, size) = (
                sprite.x as usize,
                sprite.y as usize,
                usize::from(sprite.size),
            );
            let (right, bottom) = ((x + size).min(WIDTH), (y + size).min(HEIGHT));
            for row in self.screen.chunks_exact_mut(WIDTH).take(bottom).skip(y) {
                for pixel in &mut row[x..right] {
                    *pixel = pixel.saturating_add(sprite.shade);
                }
            }
        }
        self.screen.chunks_exact(8).fold(world.frame, |sum, chunk| {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            (sum ^ word).wrapping_mul(0x0100_0000_01b3).rotate_left(7)
        })
    }
}

/// What the renderer drew: how many frames (each checked to be the next
/// one, once and in order) and a checksum of their pictures.
#[derive(Debug, Default, PartialEq)]
struct Drawn {
    frames: u64,
    checksum: u64,
}

impl Drawn {
    fn add(&mut self, renderer: &mut Renderer, world: &RenderWorld) {
        assert_eq!(world.frame, self.frames, "a frame was lost or drawn twice");
        self.frames += 1;
        self.checksum = self.checksum.rotate_left(3) ^ renderer.render(world);
    }
}

/// What one run of one way produced, and the time it took.
type Run = (Drawn, Duration);

/// Extract, render, simulate, frame after frame, on one thread.
fn one_thread() -> Run {
    let started = Instant::now();
    let (mut game, mut world, mut renderer) = (Game::new(), RenderWorld::new(), Renderer::new());
    let mut drawn = Drawn::default();
    for frame in 0..FRAMES {
        game.extract(&mut world, frame);
        drawn.add(&mut renderer, &world);
        game.simulate();
    }
    (drawn, started.elapsed())
}

/// The simulation on the calling thread, the renderer on a thread of its
/// own, one render world handed back and forth between them.
fn pipelined() -> Run {
    let started = Instant::now();
    let ((), drawn) = lockstep! {
        <Option<RenderWorld>>
        left as sim {
            let mut game = Game::new();
            let mut world = RenderWorld::new();
            let allocation = world.sprites.as_ptr();
            for frame in 0..FRAMES {
                game.extract(&mut world, frame);
                sim.give(world).expect("the renderer stopped early");
                game.simulate(); // frame + 1, while the renderer draws `frame`
                world = sim.take().expect("the renderer keeps the world");
            }
            assert_eq!(world.sprites.as_ptr(), allocation, "the render world moved");
        }
        right(name = "render") as render {
            let mut renderer = Renderer::new();
            let mut drawn = Drawn::default();
            // Until the simulation has taken the last frame back and returned.
            while let Ok(world) = render.take() {
                drawn.add(&mut renderer, &world);
                render.give(world).expect("the simulation takes the world back");
            }
            drawn
        }
    };
    (drawn, started.elapsed())
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_nanos() as f64
}

fn main() {
    let (mut one, mut two) = (Vec::new(), Vec::new());
    let mut expected = None;
    for _ in 0..RUNS {
        let (reference, time) = one_thread();
        one.push(time);
        let (drawn, time) = pipelined();
        two.push(time);
        assert_eq!(drawn, reference, "the pipeline drew other pictures");
        match &expected {
            None => expected = Some(reference),
            Some(first) => assert_eq!(&reference, first, "one-thread runs differ"),
        }
    }
    let drawn = expected.expect("at least one run");
    assert_eq!(drawn.frames, FRAMES);
    println!(
        "{FRAMES} frames of {ENTITIES} entities, each drawn once and in order, the same \
         pictures as one thread (checksum {:016x}); one render world, one allocation",
        drawn.checksum
    );
    let (one, two) = (median(one), median(two));
    let per = |ns: f64| ns / 1e3 / FRAMES as f64;
    println!(
        "median of {RUNS} runs: one thread {:.1} us/frame, simulation and renderer \
         pipelined {:.1} us/frame",
        per(one),
        per(two)
    );
    println!("speed-up over one thread: {:.2}x", one / two);
}
