// Exercise 7, solved: two lifetimes, `'s` for the struct's borrow of the
// handle and `'p` for the handle's own borrow of the state. Behind a
// `&mut`, the handle's lifetime may not be shortened (`&mut T` is
// invariant in `T`), so one name for both made the borrow of `mine` last as
// long as `mine` itself. With two, the borrow ends at the `Sender`'s last
// use, and `mine` is free again for the third value.
use rendezvous_lockstep::{RendezvousDataRef, RendezvousDataState};

struct Sender<'s, 'p> {
    handle: &'s mut RendezvousDataRef<'p, u32>,
    sent: u32,
}

impl Sender<'_, '_> {
    fn send(&mut self, value: u32) {
        *self.handle.get_mut() = value;
        self.handle.swap();
        self.sent += 1;
    }
}

fn main() {
    let mut state = RendezvousDataState::new(0, 0);
    let (mut mine, mut theirs) = state.split();
    std::thread::scope(|s| {
        let partner = s.spawn(move || (0..3).map(|_| *theirs.swap()).collect::<Vec<_>>());
        let mut sender = Sender { handle: &mut mine, sent: 0 };
        sender.send(1);
        sender.send(2);
        assert_eq!(sender.sent, 2);
        *mine.get_mut() = 3;
        mine.swap();
        assert_eq!(partner.join().unwrap(), [1, 2, 3]);
    });
}
