// Runs both blocks once per round, for `round in 0..4`, with one swap at the
// end of each round that the macro writes itself: both blocks swap equally
// often by construction. The header's pattern is bound in both blocks; here
// the left block produces a number per round and the right block receives,
// one round later, the number produced in the round before. The macro's value
// is `()`, so it needs no `;`.
use rendezvous_lockstep::lockstep;

fn main() {
    let mut received = Vec::new();
    lockstep! {
        for round in 0..4;
        left |buf = 0_u32| { *buf = round * 10; }
        right |buf = 0_u32| { received.push((round, *buf)); }
    }
    assert_eq!(received, [(0, 0), (1, 0), (2, 10), (3, 20)]);
}
