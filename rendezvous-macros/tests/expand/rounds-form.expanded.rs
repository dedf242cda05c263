fn main() {
    let names = vec![String::from("a"), String::from("b")];
    {
        let left_rounds = names;
        let right_rounds = ::rendezvous_lockstep::__private::rounds_for_right::<
            _,
        >(&left_rounds);
        let ((), ()) = ::rendezvous_lockstep::__private::lockstep_blocks::<
            _,
            _,
            _,
            _,
            _,
        >(
            String::new(),
            String::new(),
            |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
                let mut buf = left.get_mut();
                let _ = &buf;
                for round in left_rounds {
                    #[allow(unused_variables)]
                    let name = round;
                    {
                        buf.push_str(&name);
                    }
                    {
                        buf = left.swap();
                        let _ = &buf;
                    }
                }
            },
            |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
                let mut buf = right.get_mut();
                let _ = &buf;
                for round in right_rounds {
                    #[allow(unused_variables)]
                    let name = round;
                    {
                        println!("{name}: {buf}");
                    }
                    {
                        buf = right.swap();
                        let _ = &buf;
                    }
                }
            },
        );
    }
}
