// Checks which buffer `into_inner` returns first after an odd number of swaps.
// `split`'s first handle starts with the state's first buffer; after one swap
// each handle writes into the buffer the other started with. `into_inner`
// still returns `(a, b)` in the order given to `new`: buffers stay in their
// slots and only ownership moves, so `a` now holds what the second handle
// wrote.
use rendezvous_lockstep::RendezvousDataState;
fn main() {
    let mut state = RendezvousDataState::new('a', 'b');
    std::thread::scope(|s| {
        let (mut first, mut second) = state.split();
        assert_eq!((*first.get_mut(), *second.get_mut()), ('a', 'b'));
        s.spawn(move || {
            let got = second.swap();
            assert_eq!(*got, 'a');
            *got = '2';
        });
        let got = first.swap();
        assert_eq!(*got, 'b');
        *got = '1';
    });
    assert_eq!(state.into_inner(), ('2', '1'));
}
