fn main() {
    let (a, b) = {
        {
            #[must_use = "`left` and `right` must swap equally often, but the `left` block's swap count is 1 and the `right` block's is 0; add or remove `swap!` calls so that the counts match"]
            trait LeftAndRightMustSwapEquallyOften {}
            impl LeftAndRightMustSwapEquallyOften for () {}
            fn swap_counts() -> impl LeftAndRightMustSwapEquallyOften {}
            #[deny(unused_must_use)]
            {
                swap_counts();
            }
        }
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
                *n
            },
            |right: &mut ::rendezvous_lockstep::lockstep::Side<'_, _>| {
                let n = right.get_mut();
                *n
            },
        )
    };
}
