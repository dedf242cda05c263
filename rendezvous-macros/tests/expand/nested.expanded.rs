fn main() {
    ::rendezvous_lockstep::__private::lockstep_blocks::<
        _,
        _,
        _,
        _,
        _,
    >(
        Vec::new(),
        Vec::new(),
        |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            let mut frame = left.get_mut();
            let _ = &frame;
            let (a, b) = ::rendezvous_lockstep::__private::lockstep_blocks::<
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
                    *n
                },
                |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
                    let mut n = right.get_mut();
                    let _ = &n;
                    {
                        n = right.swap();
                        let _ = &n;
                    };
                    *n
                },
            );
            frame.push(a + b);
            {
                frame = left.swap();
                let _ = &frame;
            };
        },
        |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            let mut frame = right.get_mut();
            let _ = &frame;
            {
                frame = right.swap();
                let _ = &frame;
            };
        },
    );
}
