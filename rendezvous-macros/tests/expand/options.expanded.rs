fn main() {
    let (left, right) = ::rendezvous_lockstep::__private::lockstep_blocks_with::<
        (),
        _,
        _,
        _,
        _,
    >(
        ::rendezvous_lockstep::__private::options()
            .left_waiting(Waiting::Spin)
            .name("reader")
            .stack_size(1 << 20)
            .right_waiting(Waiting::default()),
        (),
        (),
        |left: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            {
                left.swap();
            };
        },
        |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
            {
                right.swap();
            };
        },
    );
}
