fn main() {
    let (a, b) = ::rendezvous_lockstep::__private::lockstep_blocks::<
        (),
        _,
        _,
        _,
        _,
    >(
        (),
        (),
        |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            {
                left.swap();
            };
            1
        },
        |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            {
                right.swap();
            }
        },
    );
    ::rendezvous_lockstep::__private::lockstep_blocks::<
        (),
        _,
        _,
        _,
        _,
    >((), (), |_| { 1 }, |_| {});
}
