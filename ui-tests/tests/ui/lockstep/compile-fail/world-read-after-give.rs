// Reads the world after giving it away. `give(value)` takes its value by
// move, as any function with a `T` parameter does: after the call the value
// belongs to the partner block (here the renderer), and `world` is a moved
// variable. Reading it is E0382, "borrow of moved value: `world`"; had the
// compiler let it through, this block would read a `Vec` that the other
// thread may be changing.
// Correct: read what you need before the `give` (`let first = world[0];`),
// or take the world back from the partner before using it again.
use rendezvous_lockstep::lockstep;

fn main() {
    lockstep! {
        <Option<Vec<u32>>>
        left as sim {
            let mut world = vec![0_u32; 4];
            world.iter_mut().for_each(|cell| *cell += 1); // one step
            sim.give(world).unwrap();
            let first = world[0]; //~ ERROR E0382
            assert_eq!(first, 1);
        }
        right as render {
            let world = render.take().unwrap();
            assert_eq!(world, [1, 1, 1, 1]);
        }
    };
}
