// Passes the world back and forth, but the simulation gives a copy each
// step and keeps its own, while the renderer gives the world it drew back.
// It compiles: each block on its own moves values in and out of `give` and
// `take` correctly, and which block gives at which swap is an agreement
// between the two blocks that no signature states. At the second swap
// both blocks give, and the runtime catches it: `give` panics at its
// caller's line, with a message that names the rule, and `lockstep!`
// re-raises the left block's panic. This program checks the message and
// the line.
// Correct: the simulation takes the world back (`world =
// sim.take().unwrap();`) instead of keeping a copy, or the renderer only
// takes.
use rendezvous_lockstep::lockstep;
use std::panic;
use std::sync::Mutex;

static WHERE: Mutex<Vec<(String, u32)>> = Mutex::new(Vec::new());

fn main() {
    // Keep the expected panics quiet, and note the lines they point at.
    panic::set_hook(Box::new(|info| {
        if let Some(location) = info.location() {
            WHERE.lock().unwrap().push((location.file().to_owned(), location.line()));
        }
    }));
    let payload = panic::catch_unwind(|| {
        lockstep! {
            <Option<Vec<u32>>>
            left as sim {
                let mut world = vec![0_u32; 4];
                for _ in 0..3 {
                    world.iter_mut().for_each(|cell| *cell += 1);
                    sim.give(world.clone()).unwrap();
                }
            }
            right as render {
                while let Ok(world) = render.take() {
                    let _drawn = world[0];
                    render.give(world).unwrap();
                }
            }
        }
    })
    .unwrap_err();
    drop(panic::take_hook()); // from here on, a failed check prints as usual
    let message = *payload.downcast_ref::<&str>().unwrap();
    assert_eq!(
        message,
        "give: the partner handed a value over too (it called give or exchange): when one \
         side gives, the other must take; when both hand a value over, both call exchange"
    );
    // The simulation's `give` (line 33 of this file), not a line of the library.
    let places = std::mem::take(&mut *WHERE.lock().unwrap());
    assert!(
        places
            .iter()
            .any(|(file, line)| file.ends_with("world-given-by-both-blocks.rs") && *line == 33),
        "{places:?}"
    );
}
