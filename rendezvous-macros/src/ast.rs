//! Parse phase: the tokens of a `lockstep!` invocation to a small AST.
//!
//! Parsing is lenient about the block structure: it accepts any number of
//! blocks with any keyword, so that [`valid`](crate::valid) can name the
//! mistake (a missing, repeated, third or misspelled block) with a span on
//! the offending token. Every node keeps the user's tokens, and so their
//! spans.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Block, Expr, Ident, Pat, Token, Type};

/// A whole `lockstep!` invocation.
pub struct Input {
    /// The path of the runtime crate: `$crate` when called through
    /// `rendezvous_lockstep::lockstep!`, `::rendezvous_lockstep` otherwise.
    pub krate: TokenStream,
    /// The buffers of the blocks around this invocation, when it is nested
    /// in another `lockstep!`, which marks it with `@outer(NAME, ..)`.
    pub outer: Vec<Ident>,
    /// `<T>`: the swapped buffer type, if given.
    pub ty: Option<BufferType>,
    /// `for PAT in EXPR;`: the rounds header, if given.
    pub rounds: Option<Rounds>,
    /// The blocks, in the order written.
    pub blocks: Vec<BlockDef>,
}

/// `<T>`: the buffer type.
pub struct BufferType {
    /// The type between the brackets.
    pub ty: Type,
}

/// `for PAT in EXPR;`: the header of the rounds form.
pub struct Rounds {
    /// The `for` keyword.
    pub for_token: Token![for],
    /// The loop pattern, visible in both blocks.
    pub pat: Pat,
    /// The `in` keyword.
    pub in_token: Token![in],
    /// The iterated expression, evaluated once on each side.
    pub expr: Expr,
}

/// One block: `KEYWORD [(OPTION, ..)] [|NAME = INIT|] [as SIDE] { ... }`.
pub struct BlockDef {
    /// `left` or `right` if valid; anything else is reported by `valid`.
    pub keyword: Ident,
    /// `(OPTION = VALUE, ..)`: how the block's thread runs and waits.
    pub options: Option<Options>,
    /// `|NAME = INIT|`, in the data form.
    pub binding: Option<Binding>,
    /// `as SIDE`: the name of the block's side, if given.
    pub side: Option<SideName>,
    /// The block's code.
    pub body: Block,
}

/// `(OPTION = VALUE, ..)` after a block's keyword; `valid` decides which
/// options a block takes.
pub struct Options {
    /// The parentheses, for an error about empty ones.
    pub paren: syn::token::Paren,
    /// The options, in the order written.
    pub list: Vec<BlockOption>,
}

/// `OPTION = VALUE`: one option of a block.
pub struct BlockOption {
    /// The option's name: `name`, `stack_size` or `waiting` if valid.
    pub name: Ident,
    /// Its value, an expression evaluated before the blocks run.
    pub value: Expr,
}

/// `as SIDE`: the name under which a block's code sees its side.
pub struct SideName {
    /// The `as` keyword.
    pub as_token: Token![as],
    /// The name of the `&mut lockstep::Side<'_, T>`.
    pub name: Ident,
}

/// `|NAME = INIT|`: the name of a block's buffer and its first value.
pub struct Binding {
    /// The name the block uses for `&mut T`, its current buffer.
    pub name: Ident,
    /// The expression that makes this side's first buffer.
    pub init: Expr,
}

/// What a block's keyword says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// `left`: runs on the calling thread; its value comes first.
    Left,
    /// `right`: runs on a scoped thread; its value comes second.
    Right,
}

impl BlockDef {
    /// Which block the keyword names, or `None` for an unknown keyword.
    pub fn which(&self) -> Option<Which> {
        if self.keyword == "left" {
            Some(Which::Left)
        } else if self.keyword == "right" {
            Some(Which::Right)
        } else {
            None
        }
    }
}

impl Input {
    /// Parses an invocation, with the optional leading `(path)` that names
    /// the runtime crate, and the `@outer(..)` mark of a nested invocation.
    pub fn parse_tokens(tokens: TokenStream) -> syn::Result<Input> {
        let mut tokens = tokens.into_iter().peekable();
        let krate = match tokens.peek() {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                let krate = group.stream();
                tokens.next();
                krate
            }
            _ => quote!(::rendezvous_lockstep),
        };
        let mut outer = Vec::new();
        if matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '@') {
            let at = tokens.next();
            match (tokens.next(), tokens.next()) {
                (Some(TokenTree::Ident(mark)), Some(TokenTree::Group(names)))
                    if mark == "outer" =>
                {
                    outer = names
                        .stream()
                        .into_iter()
                        .filter_map(|token| match token {
                            TokenTree::Ident(name) => Some(name),
                            _ => None,
                        })
                        .collect();
                }
                _ => {
                    let span = at.map_or_else(proc_macro2::Span::call_site, |at| at.span());
                    return Err(syn::Error::new(span, "expected a block: `left { ... }`"));
                }
            }
        }
        let mut input: Input = syn::parse2(tokens.collect())?;
        input.krate = krate;
        input.outer = outer;
        Ok(input)
    }

    /// The buffer type as the user gave it, or `_` to let it be inferred.
    pub fn buffer_type(&self) -> TokenStream {
        self.ty
            .as_ref()
            .map_or_else(|| quote!(_), |ty| ty.ty.to_token_stream())
    }

    /// Whether the blocks swap buffers (the data form): `<T>` is given, or
    /// a block binds a buffer. Otherwise they only meet (the barrier form,
    /// whose buffer type is `()`).
    pub fn swaps_data(&self) -> bool {
        self.ty.is_some() || self.blocks.iter().any(|block| block.binding.is_some())
    }

    /// The buffers a `lockstep!` nested in `block` cannot swap: those of
    /// the blocks around it.
    pub fn outer_buffers(&self, block: &BlockDef) -> Vec<Ident> {
        let own = block.binding.as_ref().map(|binding| binding.name.clone());
        self.outer.iter().cloned().chain(own).collect()
    }
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let ty = if input.peek(Token![<]) {
            Some(input.parse()?)
        } else {
            None
        };
        if ty.is_some() && input.peek(Token![<]) {
            return Err(input.error(
                "the buffer type is given once: both blocks swap buffers of that one type; \
                 remove this second `<...>`",
            ));
        }
        let rounds = if input.peek(Token![for]) {
            Some(input.parse()?)
        } else {
            None
        };
        let mut blocks = Vec::new();
        while !input.is_empty() {
            blocks.push(input.parse()?);
        }
        Ok(Input {
            krate: TokenStream::new(),
            outer: Vec::new(),
            ty,
            rounds,
            blocks,
        })
    }
}

impl Parse for BufferType {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let _: Token![<] = input.parse()?;
        let ty = input.parse()?;
        let _: Token![>] = input.parse()?;
        Ok(BufferType { ty })
    }
}

impl Parse for Rounds {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let rounds = Rounds {
            for_token: input.parse()?,
            pat: Pat::parse_multi_with_leading_vert(input)?,
            in_token: input.parse()?,
            expr: input.parse()?,
        };
        let _: Token![;] = input.parse()?;
        Ok(rounds)
    }
}

impl Parse for BlockDef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![<]) {
            return Err(input.error(
                "the buffer type `<T>` comes first, before a `for ...;` header and the blocks",
            ));
        }
        if input.peek(Token![for]) {
            return Err(input.error(
                "the rounds header `for ... in ...;` comes before the blocks, and only once",
            ));
        }
        let keyword: Ident = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected a block: `left { ... }` or `right { ... }`",
            )
        })?;
        let options = if input.peek(syn::token::Paren) {
            Some(input.parse()?)
        } else {
            None
        };
        let binding = if input.peek(Token![|]) {
            Some(input.parse()?)
        } else {
            None
        };
        let side = if input.peek(Token![as]) {
            Some(input.parse()?)
        } else {
            None
        };
        if !input.peek(syn::token::Brace) {
            let before = match (&binding, &side) {
                (_, Some(_)) => "",
                (None, None) => ", or a buffer binding `|name = init|` or `as side` before it",
                (Some(_), None) => ", or `as side` before it",
            };
            return Err(input.error(format!(
                "expected the `{{ ... }}` of the `{keyword}` block{before}"
            )));
        }
        Ok(BlockDef {
            keyword,
            options,
            binding,
            side,
            body: input.parse()?,
        })
    }
}

impl Parse for Options {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let content;
        let paren = syn::parenthesized!(content in input);
        let list =
            syn::punctuated::Punctuated::<BlockOption, Token![,]>::parse_terminated(&content)?;
        Ok(Options {
            paren,
            list: list.into_iter().collect(),
        })
    }
}

impl Parse for BlockOption {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected an option, as in `(name = \"reader\")`",
            )
        })?;
        let _: Token![=] = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                format!("expected `=` and the option's value, as in `{name} = ...`"),
            )
        })?;
        Ok(BlockOption {
            name,
            value: input.parse()?,
        })
    }
}

impl Parse for SideName {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let as_token = input.parse()?;
        let name = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected a name for the block's side after `as`, as in `as side`",
            )
        })?;
        Ok(SideName { as_token, name })
    }
}

impl Parse for Binding {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let open: Token![|] = input.parse()?;
        if input.peek(Token![mut]) {
            return Err(input.error(
                "remove `mut`: the binding is a `&mut` to the buffer, and `swap!` can \
                 always rebind it",
            ));
        }
        let name: Ident = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected the buffer's name, as in `|buf = Vec::new()|`",
            )
        })?;
        if input.peek(Token![:]) {
            let colon: Token![:] = input.parse()?;
            let ty: Type = input.parse()?;
            let text = quote!(#ty)
                .to_string()
                .replace(" < ", "<")
                .replace(" >", ">");
            return Err(syn::Error::new_spanned(
                quote!(#colon #ty),
                format!(
                    "the buffer type goes first, once for both blocks, not in a binding: \
                     `lockstep! {{ <{text}> left |{name} = ...| {{ ... }} right ... }}`"
                ),
            ));
        }
        let eq: Token![=] = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                format!("expected `=` and this side's first buffer, as in `|{name} = Vec::new()|`"),
            )
        })?;
        // The initializer runs to the next `|` outside any brackets: a
        // closure or a `|` operator in it needs parentheses.
        let init = input.step(|cursor| {
            let mut rest = *cursor;
            let mut tokens = TokenStream::new();
            while let Some((tt, next)) = rest.token_tree() {
                if let TokenTree::Punct(punct) = &tt
                    && punct.as_char() == '|'
                {
                    return Ok((tokens, rest));
                }
                tokens.extend([tt]);
                rest = next;
            }
            Err(syn::Error::new(
                open.span,
                "this buffer binding has no closing `|`; an initializer that contains `|` \
                 needs parentheses",
            ))
        })?;
        if let Some(comma) = top_level_comma(&init) {
            return Err(syn::Error::new(
                comma,
                format!(
                    "one buffer per block: a block binds a single buffer, which `swap!` \
                     trades whole; for several values, swap one buffer of a tuple or struct \
                     type, as in `|{name} = (0, 0)|`, and use `{name}.0` and `{name}.1`"
                ),
            ));
        }
        if init.is_empty() {
            return Err(syn::Error::new(
                eq.span,
                format!(
                    "expected this side's first buffer after `=`, as in `|{name} = Vec::new()|`"
                ),
            ));
        }
        let init: Expr = syn::parse2(init)?;
        let _close: Token![|] = input.parse()?;
        Ok(Binding { name, init })
    }
}

/// The first comma of `tokens` outside any brackets.
fn top_level_comma(tokens: &TokenStream) -> Option<proc_macro2::Span> {
    tokens.clone().into_iter().find_map(|token| match token {
        TokenTree::Punct(punct) if punct.as_char() == ',' => Some(punct.span()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tokens: TokenStream) -> syn::Result<Input> {
        Input::parse_tokens(tokens)
    }

    #[test]
    fn data_form() {
        let input = parse(quote! {
            <Vec<u32>>
            left |buf = Vec::new()| { swap!(buf); }
            right |buf = vec![1 | 2]| { swap!(buf); }
        })
        .unwrap();
        assert_eq!(input.krate.to_string(), ":: rendezvous_lockstep");
        assert!(input.ty.is_some() && input.rounds.is_none());
        assert_eq!(input.blocks.len(), 2);
        let binding = input.blocks[1].binding.as_ref().unwrap();
        let init = &binding.init;
        assert_eq!(binding.name, "buf");
        assert_eq!(quote!(#init).to_string(), quote!(vec![1 | 2]).to_string());
    }

    #[test]
    fn crate_path_and_rounds() {
        let input = parse(quote! {
            (crate::runtime) for (i, x) in xs.iter().enumerate(); left {} right {}
        })
        .unwrap();
        assert_eq!(input.krate.to_string(), "crate :: runtime");
        assert!(input.rounds.is_some());
        assert_eq!(input.blocks[0].which(), Some(Which::Left));
    }

    #[test]
    fn nested_mark() {
        let input = parse(quote!((krate) @outer(a, b) left {} right {})).unwrap();
        assert_eq!(input.krate.to_string(), "krate");
        let names: Vec<String> = input.outer.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["a", "b"]);
        assert!(parse(quote!(@inner(a) left {} right {})).is_err());
    }

    #[test]
    fn options_and_sides() {
        let input = parse(quote! {
            left(waiting = Waiting::Spin) |b = 0| as side {}
            right(name = "r", stack_size = 1 << 20) as other {}
        })
        .unwrap();
        let names = |block: &BlockDef| -> Vec<String> {
            let options = block.options.as_ref().unwrap();
            options.list.iter().map(|o| o.name.to_string()).collect()
        };
        assert_eq!(names(&input.blocks[0]), ["waiting"]);
        assert_eq!(names(&input.blocks[1]), ["name", "stack_size"]);
        assert_eq!(input.blocks[0].side.as_ref().unwrap().name, "side");
        assert!(input.blocks[1].binding.is_none());
        let message = |tokens| parse(tokens).err().unwrap().to_string();
        assert!(message(quote!(left(name) {})).contains("expected `=`"));
        assert!(message(quote!(left as {})).contains("a name for the block's side"));
        assert!(message(quote!(left | b = 1 | side {})).contains("or `as side` before it"));
    }

    #[test]
    fn lenient_about_blocks() {
        let input = parse(quote!(middle {} left {} left {} right {})).unwrap();
        assert_eq!(input.blocks.len(), 4);
        assert_eq!(input.blocks[0].which(), None);
    }

    #[test]
    fn errors() {
        let message = |tokens| parse(tokens).err().unwrap().to_string();
        assert!(message(quote!(left | buf | {})).contains("expected `=`"));
        assert!(message(quote!(left |mut buf = 1| {})).contains("remove `mut`"));
        assert!(message(quote!(left |buf = 1 {})).contains("no closing `|`"));
        assert!(message(quote!(left |buf = | {})).contains("first buffer"));
        assert!(message(quote!(left; right {})).contains("expected the `{ ... }`"));
        assert!(message(quote!(for t in 0..3; <u8> left {})).contains("comes first"));
        assert!(message(quote!(17 {})).contains("expected a block"));
        assert!(message(quote!(left | x = 0, y = 0 | {})).contains("one buffer per block"));
        assert!(message(quote!(<u8> <u8> left {})).contains("given once"));
        assert!(message(quote!(left |b: u8 = 0| {})).contains("<u8> left |b = ...|"));
    }
}
