// Both blocks name only their sides; `<T>` gives the buffer type, and both
// buffers start as its default. An object passed back and forth: the left
// block gives it, the right block takes it, and gives it back.
use rendezvous_lockstep::lockstep;

fn main() {
    let (rounds, seen) = lockstep! {
        <Option<Vec<u32>>>
        left as sim {
            let mut world = vec![0; 3];
            for _ in 0..4 {
                world.iter_mut().for_each(|cell| *cell += 1);
                sim.give(world).unwrap();
                world = sim.take().unwrap();
            }
            world[0]
        }
        right as render {
            let mut seen = Vec::new();
            while let Ok(world) = render.take() {
                seen.push(world[0]);
                render.give(world).unwrap();
            }
            seen
        }
    };
    assert_eq!((rounds, seen), (4, vec![1, 2, 3, 4]));
}
