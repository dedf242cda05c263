fn main() {
    let (a, b) = {
        let _ = || {
            let buf = &mut (1);
            let step = || ();
            ();
        };
        let _ = || {
            let buf = &mut (2);
            ();
        };
        ::core::compile_error! {
            "`swap!` cannot be paired inside a closure: the closure may run any number of times, at any time; call `swap!` in the block's own code, outside the closure; or name the block's side (`left |buf = ..| as side { .. }`) and call `side.swap()` in it"
        }
    };
}
