fn main() {
    ::rendezvous_lockstep::__private::lockstep_blocks::<
        _,
        _,
        _,
        _,
        _,
    >(
        1,
        2,
        |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            let mut n = left.get_mut();
            let _ = &n;
            {
                n = left.swap();
                let _ = &n;
            };
            #[cfg(feature = "extra")]
            {
                n = left.swap();
                let _ = &n;
            };
        },
        |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            let mut n = right.get_mut();
            let _ = &n;
            {
                n = right.swap();
                let _ = &n;
            };
        },
    );
}
