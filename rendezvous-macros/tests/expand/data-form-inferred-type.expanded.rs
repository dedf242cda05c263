fn main() {
    let (a, b) = {
        let _ = || {
            let n = &mut (1);
            ();
            *n
        };
        let _ = || {
            let n = &mut (2);
            *n
        };
        ::core::compile_error! {
            "`left` and `right` must swap equally often, but the `left` block's swap count is 1 and the `right` block's is 0; add or remove `swap!` calls so that the counts match"
        }
        ::core::compile_error! {
            "the `right` block's swap count is 0, the `left` block's is 1: see the error on the `left` block"
        }
    };
}
