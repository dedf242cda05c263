//! The swap-count rule, case by case.

use super::*;
use crate::valid;
use proc_macro2::TokenStream;
use quote::quote;

fn count(tokens: TokenStream) -> Count {
    let block = syn::parse2(quote!({ #tokens })).unwrap();
    Count::of(&block, &Changed::of([&block]))
}

fn describe(tokens: TokenStream) -> String {
    count(tokens).describe()
}

#[test]
fn straight_line() {
    assert_eq!(describe(quote!()), "0");
    assert_eq!(describe(quote!(swap!(); let x = 1; swap!(); f(x))), "2");
    assert_eq!(describe(quote!(let b = { swap!(); 3 }; g(swap!(), b))), "2");
    assert_eq!(describe(quote!(rendezvous_lockstep::swap!(buf);)), "1");
}

#[test]
fn loops() {
    assert_eq!(
        describe(quote!(swap!(); for i in 0..n { swap!(); swap!(); })),
        "1 + 2 per iteration of `for _ in 0..n`"
    );
    assert_eq!(
        describe(quote!(for _ in 0..N {
            for _ in &xs {
                swap!();
            }
        })),
        "1 per iteration of `for _ in &xs` inside `for _ in 0..N`"
    );
    // `while` and `loop` run as often as their bodies decide.
    assert_eq!(
        describe(quote!(while go() {
            swap!();
        })),
        "unknown"
    );
    assert_eq!(
        describe(quote!(loop {
            swap!();
        })),
        "unknown"
    );
    // A loop without swaps may break as it likes.
    assert_eq!(describe(quote!(loop { if x { break; } } swap!())), "1");
    // An inner loop's break leaves only the inner loop.
    assert_eq!(
        describe(quote!(for _ in 0..3 {
            swap!();
            for y in ys {
                break;
            }
        })),
        "1 per iteration of `for _ in 0..3`"
    );
}

#[test]
fn branches() {
    assert_eq!(
        describe(quote!(if a {
            swap!();
        } else {
            swap!();
        })),
        "1"
    );
    assert_eq!(
        describe(quote!(match a {
            0 => swap!(),
            _ => {
                swap!()
            }
        })),
        "1"
    );
    assert_eq!(
        describe(quote!(if a {
            swap!();
        })),
        "unknown"
    );
    assert_eq!(
        describe(quote!(match a {
            0 => swap!(),
            _ => {}
        })),
        "unknown"
    );
    assert_eq!(describe(quote!(let _ = a && { swap!(); true };)), "unknown");
    assert_eq!(
        describe(quote!(let Some(x) = y else { swap!(); return; };)),
        "unknown"
    );
    assert_eq!(
        describe(quote!(while {
            swap!();
            go()
        } {})),
        "unknown"
    );
}

#[test]
fn early_exits() {
    assert_eq!(
        describe(quote!(for _ in 0..3 {
            swap!();
            if x {
                break;
            }
        })),
        "unknown"
    );
    assert_eq!(
        describe(quote!('a: for _ in 0..3 {
            for _ in 0..2 {
                swap!();
                continue 'a;
            }
        })),
        "unknown"
    );
    assert_eq!(
        describe(quote!('b: {
            swap!();
            if x {
                break 'b;
            }
            swap!();
        })),
        "unknown"
    );
    assert_eq!(describe(quote!(swap!(); let x = f()?;)), "unknown");
    assert_eq!(describe(quote!(if try_swap!() {})), "unknown");
    assert_eq!(describe(quote!(swap!(); while try_swap!(b) {})), "unknown");
    assert_eq!(describe(quote!(swap!(); if x { return 1; })), "unknown");
    // Without swaps, an early exit changes nothing.
    assert_eq!(describe(quote!(let x = f()?;)), "0");
    // A closure's `return` is its own.
    assert_eq!(describe(quote!(swap!(); let f = || return 1;)), "1");
}

#[test]
fn only_fixed_loops_are_counted() {
    // A bound the block binds, assigns or borrows mutably.
    assert_eq!(
        describe(quote!(let n = 2; for _ in 0..n { swap!(); })),
        "unknown"
    );
    assert_eq!(
        describe(quote!(n += 1; for _ in 0..n { swap!(); })),
        "unknown"
    );
    assert_eq!(
        describe(quote!(f(&mut n); for _ in 0..n { swap!(); })),
        "unknown"
    );
    // A method called on it, or a macro given it.
    assert_eq!(
        describe(quote!(v.push(1); for _ in &v { swap!(); })),
        "unknown"
    );
    assert_eq!(
        describe(quote!(m!(n); for _ in 0..n { swap!(); })),
        "unknown"
    );
    // A call in the header.
    assert_eq!(
        describe(quote!(for _ in v.iter() {
            swap!();
        })),
        "unknown"
    );
    assert_eq!(
        describe(quote!(for _ in 0..f() {
            swap!();
        })),
        "unknown"
    );
    // A constant or import of the block's own.
    let own_const = quote! { const N: u8 = 2; for _ in 0..N { swap!(); } };
    assert_eq!(describe(own_const), "unknown");
    let imported = quote! { use m::N; for _ in 0..N { swap!(); } };
    assert_eq!(describe(imported), "unknown");
    let renamed = quote! { use m::M as N; for _ in 0..N { swap!(); } };
    assert_eq!(describe(renamed), "unknown");
    // The loop's own pattern bounds an inner loop.
    assert_eq!(
        describe(quote!(for i in 0..3 {
            for _ in 0..i {
                swap!();
            }
        })),
        "unknown"
    );
    // Fixed: literals, constants, untouched caller names, fields.
    assert_eq!(
        describe(quote!(println!("{}", 1); for _ in 0..cfg.rounds * 2 { swap!(); })),
        "1 per iteration of `for _ in 0..cfg.rounds * 2`"
    );
}

#[test]
fn cfg_and_macros() {
    assert_eq!(describe(quote!(swap!(); #[cfg(x)] swap!();)), "unknown");
    assert_eq!(
        describe(quote!(
            #[cfg(x)]
            {
                swap!();
            }
        )),
        "unknown"
    );
    assert_eq!(describe(quote!(#[cfg(x)] let a = 1; swap!();)), "1");
    assert_eq!(
        describe(quote!(match a {
            #[cfg(x)]
            0 => swap!(),
            _ => swap!(),
        })),
        "unknown"
    );
    // A macro of the user's may expand to a `swap!`.
    assert_eq!(describe(quote!(step!(); swap!();)), "unknown");
    assert_eq!(describe(quote!(println!("x"); swap!();)), "1");
}

#[test]
fn comparison() {
    let n = count(quote!(for _ in 0..n {
        swap!();
    }));
    let two_n = count(quote!(for i in 0..n {
        swap!();
        swap!();
    }));
    let three = count(quote!(swap!(); swap!(); swap!();));
    let other_loop = count(quote!(for _ in 0..3 {
        swap!();
    }));
    assert!(n.differs(&two_n));
    assert!(!n.differs(&n.clone()));
    assert!(three.differs(&count(quote!(swap!();))));
    // Different headers may run equally often: not proven.
    assert!(!three.differs(&other_loop));
    assert!(!n.differs(&other_loop));
    assert!(!three.differs(&count(quote!(if a {
        swap!();
    }))));
}

/// The mismatch of a whole invocation, as the lint words it.
fn mismatch_of(tokens: TokenStream) -> Option<String> {
    let input = Input::parse_tokens(tokens).unwrap();
    let plan = valid::validate(&input).unwrap_or_else(|error| panic!("{error}"));
    mismatch(&input, &plan).map(|mismatch| mismatch.to_string())
}

#[test]
fn invocations() {
    let message = mismatch_of(quote!(
        left { for i in 0..n { swap!(); swap!(); } }
        right { for i in 0..n { swap!(); } }
    ))
    .unwrap();
    assert!(message.contains("swap count is 2 per iteration of `for _ in 0..n` and"));
    assert!(message.contains("the `right` block's is 1 per iteration"));
    // Not countable: left to the runtime.
    assert!(mismatch_of(quote!(left { if a { swap!(); } } right {})).is_none());
    let own_bounds = quote!(
        left { let n = 2; for _ in 0..n { swap!(); swap!(); } }
        right { let n = 4; for _ in 0..n { swap!(); } }
    );
    assert!(mismatch_of(own_bounds).is_none());
    // Counted at run time only: `try_swap!`, a named side.
    assert!(mismatch_of(quote!(left { try_swap!(); } right {})).is_none());
    assert!(mismatch_of(quote!(left as side { g(side); } right { swap!(); })).is_none());
}
