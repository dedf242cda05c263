//! Each misuse, and valid code that looks like one.

use super::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The messages of all errors `validate` finds.
fn errors(tokens: TokenStream) -> Vec<String> {
    let input = Input::parse_tokens(tokens).unwrap();
    match validate(&input) {
        Ok(_) => Vec::new(),
        Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
    }
}

fn one_error(tokens: TokenStream) -> String {
    let mut errors = errors(tokens);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

#[test]
fn valid() {
    assert!(errors(quote!(left { swap!(); } right { rendezvous_lockstep::swap!(); })).is_empty());
    assert!(
        errors(quote!(
            <u8> left |a = 1| { swap!(a); } right |b = 2| { if x { swap!(b) } else { swap!(b) } }
        ))
        .is_empty()
    );
    assert!(
        errors(quote!(for t in 0..9; left { f(t); } right { for _ in 0..3 { break; } })).is_empty()
    );
    // A nested lockstep! checks its own swaps.
    assert!(
        errors(quote!(left { lockstep!(left { swap!(); } right { swap!(); }) } right {}))
            .is_empty()
    );
}

#[test]
fn try_swap_and_named_sides() {
    assert!(
        errors(quote!(
            left |a = 1| as side { while try_swap!(a) { f(side); } } right |a = 2| { swap!(a); }
        ))
        .is_empty()
    );
    assert!(errors(quote!(left { try_swap!(); } right {})).is_empty());
    assert!(errors(quote!(left as side { g(side); } right { swap!(); })).is_empty());
    assert!(one_error(quote!(left { let f = || try_swap!(); } right {})).contains("closure"));
    assert!(
        one_error(quote!(left |a = 1| { try_swap!(b); } right |a = 2| {}))
            .contains("write `try_swap!(a)`")
    );
    assert!(
        one_error(quote!(left as side { let side = 1; swap!(); } right {}))
            .contains("swaps through the block's side `side`")
    );
    assert!(
        one_error(quote!(left |s = 1| as s {} right |s = 2| {}))
            .contains("already names the block's buffer")
    );
    assert!(
        one_error(quote!(for t in 0..3; left as side {} right {})).contains("cannot name its side")
    );
}

#[test]
fn options() {
    let valid = quote!(left(waiting = w) {} right(name = "n", stack_size = 1, waiting = w,) {});
    assert!(errors(valid).is_empty());
    assert!(one_error(quote!(left() {} right {})).contains("empty options"));
    assert!(one_error(quote!(left {} right(nam = 1) {})).contains("unknown option `nam`"));
    assert!(
        one_error(quote!(left(stack_size = 1) {} right {}))
            .contains("an option of the `right` block only")
    );
    assert!(one_error(quote!(left {} right(waiting = a, waiting = b) {})).contains("given twice"));
}

#[test]
fn structure() {
    assert!(one_error(quote!(left {})).contains("no partner: add a `right"));
    assert!(one_error(quote!(right {})).contains("no partner: add a `left"));
    assert!(one_error(quote!()).contains("needs two blocks"));
    assert!(one_error(quote!(left {} left {})).contains("a second `left` block"));
    assert!(one_error(quote!(left {} right {} right {})).contains("a third block"));
    assert!(one_error(quote!(left {} middle {})).contains("unknown block `middle`"));
    // One mistake, one error: not also "a third block" on `right`.
    assert!(one_error(quote!(left {} left {} right {})).contains("a second `left`"));
    assert!(one_error(quote!(left {} middle {} right {})).contains("unknown block"));
}

#[test]
fn form() {
    assert!(one_error(quote!(left |b = 1| {} right {})).contains("`right |b = ...|"));
    let neither = errors(quote!(<u8> left {} right {}));
    assert_eq!(neither.len(), 2, "{neither:?}");
    assert!(neither[0].contains("a buffer type needs a buffer in each block: `left |buf"));
    assert!(neither[1].contains("`right as side { ... }`"));
    // A block that names its side needs no buffer: it starts on the default.
    assert!(errors(quote!(<u8> left as a {} right as b {})).is_empty());
    assert!(errors(quote!(left |b = 1| {} right as side {})).is_empty());
    assert!(errors(quote!(left as a {} right |b = 1| {})).is_empty());
}

#[test]
fn swap_placement() {
    let closure = quote!(left { let f = || swap!(); } right { swap!(); });
    assert!(one_error(closure).contains("inside a closure"));
    let in_async = quote!(left { async { swap!() }; } right {});
    assert!(one_error(in_async).contains("inside an async block"));
    let in_fn = quote!(left { fn f() { swap!(); } } right {});
    assert!(one_error(in_fn).contains("inside a nested fn"));
    let hidden = quote!(left { println!("{:?}", swap!()); } right {});
    assert!(one_error(hidden).contains("inside the arguments of `println!`"));
}

#[test]
fn swap_arguments() {
    let unknown = quote!(left |buf = 1| { swap!(bfu); } right |buf = 2| { swap!(buf); });
    assert!(one_error(unknown).contains("buffer is `buf`, not `bfu`"));
    let missing = quote!(left |buf = 1| { swap!(); } right |buf = 2| { swap!(buf); });
    assert!(one_error(missing).contains("write `swap!(buf)`"));
    let barrier = quote!(left { swap!(buf); } right { swap!(); });
    assert!(one_error(barrier).contains("binds no buffer"));
    let garbage = quote!(left { swap!(1 + 2); } right { swap!(); });
    assert!(one_error(garbage).contains("takes the block's buffer binding"));
}

#[test]
fn rounds() {
    let swap = quote!(for t in 0..3; left { swap!(); } right {});
    assert!(one_error(swap).contains("already swaps once"));
    let exits = quote!(
        for t in 0..3;
        left { if t == 1 { continue; } if t == 2 { break; } }
        right { let x = f()?; return; }
    );
    let errors = errors(exits);
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].starts_with("`continue`") && errors[1].starts_with("`break`"));
    assert!(errors[2].starts_with("`?`") && errors[3].starts_with("`return`"));
}

#[test]
fn shadowing() {
    let shadowed = |code: TokenStream| {
        one_error(quote!(left |buf = 1| { #code } right |buf = 2| { swap!(buf); }))
    };
    let by_let = shadowed(quote!(let buf = &mut x; swap!(buf);));
    assert!(
        by_let.contains("`buf` here is not the block's buffer: the `let`"),
        "{by_let}"
    );
    let by_for = shadowed(quote!(for buf in xs {
        swap!(buf);
    }));
    assert!(by_for.contains("the `for` pattern"), "{by_for}");
    let by_arm = shadowed(quote!(match x {
        Some(buf) => swap!(buf),
        None => {}
    }));
    assert!(by_arm.contains("the `match` arm's pattern"), "{by_arm}");
    let by_if_let = shadowed(quote!(if let Some(buf) = x {
        swap!(buf);
    }));
    assert!(by_if_let.contains("the `let` pattern"), "{by_if_let}");
    let by_param = shadowed(quote!(let f = |buf: u8| swap!(buf);));
    assert!(by_param.contains("inside a closure"), "{by_param}");
    assert!(by_param.contains("the closure parameter"), "{by_param}");
    // A binding's scope ends with its block.
    let scoped = quote!(
        left |buf = 1| { { let buf = 3; } swap!(buf); }
        right |buf = 2| { if let Some(buf) = x {} swap!(buf); }
    );
    assert!(errors(scoped).is_empty());
}

#[test]
fn returned_buffer() {
    let returned = quote!(left |buf = 1| { swap!(buf); buf } right |buf = 2| { swap!(buf); });
    assert!(one_error(returned).contains("returns its buffer `buf`"));
    let borrowed = quote!(left |buf = 1| { &buf[1..] } right |buf = 2| {});
    assert!(one_error(borrowed).contains("returns its buffer `buf`"));
    let copied = quote!(left |buf = 1| { *buf } right |buf = 2| { buf.clone() });
    assert!(errors(copied).is_empty());
}

#[test]
fn nested_pair() {
    let inner = quote!(@outer(buf) left |n = 1| { swap!(buf); } right |n = 2| { swap!(n); });
    assert!(one_error(inner).contains("an inner `lockstep!` cannot swap the outer pair"));
    let barrier = quote!(@outer(buf) left { swap!(buf); } right { swap!(); });
    assert!(one_error(barrier).contains("with `swap!()`"));
    // Its own buffer may share the outer name.
    let same = quote!(@outer(buf) left |buf = 1| { swap!(buf); } right |buf = 2| { swap!(buf); });
    assert!(errors(same).is_empty());
}

#[test]
fn spawned_buffer() {
    let spawned = quote!(
        left |buf = 1| { std::thread::spawn(move || *buf); swap!(buf); }
        right |buf = 2| { swap!(buf); }
    );
    assert!(one_error(spawned).contains("cannot go to a thread from `thread::spawn`"));
    let scoped = quote!(left |buf = 1| { std::thread::scope(|s| { s.spawn(|| *buf); }); } right |buf = 2| {});
    assert!(errors(scoped).is_empty());
}

#[test]
fn outside_blocks() {
    let init = quote!(left |buf = { swap!(); 1 }| { swap!(buf); } right |buf = 2| { swap!(buf); });
    assert!(one_error(init).contains("not in a buffer's initializer"));
    let header = quote!(for t in { swap!(); 0..3 }; left {} right {});
    assert!(one_error(header).contains("not in the rounds header"));
}
