fn main() {
    let (sent, received) = ::rendezvous_lockstep::__private::lockstep_blocks::<
        Vec<u32>,
        _,
        _,
        _,
        _,
    >(
        Vec::new(),
        Vec::new(),
        |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32>>| {
            let mut buf = left.get_mut();
            let _ = &buf;
            for i in 0..3 {
                buf.push(i);
                {
                    buf = left.swap();
                    let _ = &buf;
                };
            }
            3
        },
        |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, Vec<u32>>| {
            let mut buf = right.get_mut();
            let _ = &buf;
            let mut received = Vec::new();
            for _ in 0..3 {
                {
                    buf = right.swap();
                    let _ = &buf;
                };
                received.extend_from_slice(buf);
            }
            received
        },
    );
}
