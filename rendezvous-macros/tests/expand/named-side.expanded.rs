fn main() {
    let (left, right) = ::rendezvous_lockstep::__private::lockstep_blocks::<
        u32,
        _,
        _,
        _,
        _,
    >(
        0,
        0,
        |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, u32>| {
            let mut n = side.get_mut();
            let _ = &n;
            send_all(side, &[1, 2, 3]);
            {
                n = side.swap();
                let _ = &n;
            };
            *n
        },
        |side: &mut ::rendezvous_lockstep::lockstep::Side<'_, u32>| {
            #[allow(unused_mut)]
            let mut n = side.get_mut();
            let _ = &n;
            let got = receive_all(side);
            n = side.get_mut();
            got + *n
        },
    );
}
