// Keeps a block's side in a struct, with a `Drop` that hands over a last
// value. The struct names two lifetimes: `'s`, how long it borrows the
// side, and `'p`, the side's own (the pair's) lifetime, which may be
// longer: `&'s mut Side<'p, T>`, as a block receives it.
use rendezvous_lockstep::lockstep;
use rendezvous_lockstep::lockstep::Side;

/// Hands each sample block to the partner; an empty block says "done".
struct Player<'s, 'p> {
    side: &'s mut Side<'p, Option<Vec<i16>>>,
}

impl Player<'_, '_> {
    fn play(&mut self, samples: Vec<i16>) {
        self.side.give(samples).unwrap();
    }
}

impl Drop for Player<'_, '_> {
    fn drop(&mut self) {
        let _ = self.side.give(Vec::new());
    }
}

fn main() {
    let (_, played) = lockstep! {
        left |block = None| as side {
            let mut player = Player { side };
            player.play(vec![1, 2]);
            player.play(vec![3]);
        }
        right |block = None| as side {
            let mut played = Vec::new();
            while let Ok(samples) = side.take() {
                if samples.is_empty() {
                    break;
                }
                played.extend(samples);
            }
            played
        }
    };
    assert_eq!(played, [1, 2, 3]);
}
