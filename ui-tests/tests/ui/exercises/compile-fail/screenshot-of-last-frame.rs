// Exercise 8: the renderer keeps a screenshot of the last world it drew.
// The simulation steps the world three times and gives it to the renderer
// each time; the renderer takes it, draws it, keeps it as `shot` and gives
// it back, and the simulation takes it back. The renderer's block returns
// `shot`, which must be the world after the third step. It does not
// compile. Change the renderer's block so that it compiles and runs to the
// end with the assertions as they are, then compare with the solution
// folded under exercise 8 in section 7 of ui-tests/README.md.
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
                render.give(world).unwrap();
                shot = world; //~ ERROR E0382
            }
            (frames, shot)
        }
    };
    assert_eq!(world, [3, 3, 3, 3]);
    assert_eq!((frames, shot), (3, vec![3, 3, 3, 3]));
}
