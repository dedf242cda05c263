fn main() {
    let (_, taken) = ::rendezvous_lockstep::__private::lockstep_blocks::<
        _,
        _,
        _,
        _,
        _,
    >(
        None,
        ::rendezvous_lockstep::__private::default_buffer(),
        |giver: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            #[allow(unused_mut)]
            let mut slot = giver.get_mut();
            let _ = &slot;
            giver.give(1).unwrap();
        },
        |taker: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            taker.take().unwrap()
        },
    );
}
