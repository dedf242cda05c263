// Exercise 7: a struct that keeps a borrowed handle.
// `Sender` keeps `&mut` to the handle `mine` and counts what it sends. The
// program sends 1 and 2 through a `Sender`, then 3 through `mine` itself,
// and the partner checks that it received [1, 2, 3]. It does not compile.
// Change it so that it compiles and runs to the end with the assertions
// as they are, then compare with the solution folded under exercise 7 in
// section 7 of ui-tests/README.md.
use rendezvous_lockstep::{RendezvousDataRef, RendezvousDataState};

struct Sender<'a> {
    handle: &'a mut RendezvousDataRef<'a, u32>,
    sent: u32,
}

impl Sender<'_> {
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
        *mine.get_mut() = 3; //~ ERROR E0499
        mine.swap();
        assert_eq!(partner.join().unwrap(), [1, 2, 3]);
    });
}
