// Exercise 8, solved: the renderer copies the world into `shot` before it
// gives the world back. A screenshot is a copy by nature: the world itself
// goes back to the simulation, which changes it. `clone_from` reuses the
// screenshot's allocation from the second frame on. (The compiler's
// suggestion, giving `world.clone()` and keeping `world`, works here too:
// the renderer still gives exactly one value per round, so the blocks
// still agree on who gives.)
use rendezvous_lockstep::lockstep;

fn main() {
    let (world, (frames, shot)) = lockstep! {
        <Option<Vec<u32>>>
        left as sim {
            let mut world = vec![0_u32; 4];
            for _ in 0..3 {
                world.iter_mut().for_each(|cell| *cell += 1);
                sim.give(world).unwrap();
                world = sim.take().unwrap();
            }
            world
        }
        right as render {
            let mut frames = 0;
            let mut shot = Vec::new();
            while let Ok(world) = render.take() {
                frames += 1; // draw
                shot.clone_from(&world);
                render.give(world).unwrap();
            }
            (frames, shot)
        }
    };
    assert_eq!(world, [3, 3, 3, 3]);
    assert_eq!((frames, shot), (3, vec![3, 3, 3, 3]));
}
