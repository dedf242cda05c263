fn main() {
    let (sent, received) = ::rendezvous_lockstep::__private::lockstep_blocks::<
        u32,
        _,
        _,
        _,
        _,
    >(
        0,
        0,
        |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, u32>| {
            let mut item = left.get_mut();
            let _ = &item;
            for i in 0..3 {
                *item = i;
                {
                    item = left.swap();
                    let _ = &item;
                };
            }
        },
        |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, u32>| {
            let mut item = right.get_mut();
            let _ = &item;
            let mut received = Vec::new();
            while {
                let swapped = right.try_swap().is_ok();
                item = right.get_mut();
                let _ = &item;
                swapped
            } {
                received.push(*item);
            }
            received
        },
    );
    let (met, ()) = ::rendezvous_lockstep::__private::lockstep_blocks::<
        (),
        _,
        _,
        _,
        _,
    >(
        (),
        (),
        |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            let mut met = 0;
            while left.try_swap().is_ok() {
                met += 1;
            }
            met
        },
        |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            {
                right.swap();
            };
        },
    );
}
