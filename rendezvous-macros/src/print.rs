//! Code as text for messages: tokens printed about as rustfmt would space
//! them, so that an error quotes the user's `for _ in 0..n` rather than
//! `for _ in 0 .. n`.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// `tokens` as text: `0..n`, `xs.iter()`, `(i, x)`, `&v`, `vec![]`.
pub fn code(tokens: impl ToTokens) -> String {
    let mut text = String::new();
    print(tokens.to_token_stream(), &mut text);
    text
}

/// Appends `tokens` to `text`, spaced about as rustfmt would.
fn print(tokens: TokenStream, text: &mut String) {
    /// Keywords that a following group keeps a space from.
    const KEYWORDS: &[&str] = &[
        "for", "in", "while", "let", "if", "match", "as", "mut", "move",
    ];
    let mut prev: Option<TokenTree> = None;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let space = match (&prev, &token) {
            (None, _) => false,
            // Inside `..`, `::`, `->` and the like.
            (Some(TokenTree::Punct(p)), _) if p.spacing() == Spacing::Joint => false,
            // After `.`, `::`, `..`, `..=`, a macro's `!` and a prefix `&`,
            // `!`, `*`, `-`.
            (Some(TokenTree::Punct(p)), _) if matches!(p.as_char(), '.' | ':') => false,
            (Some(TokenTree::Punct(p)), _) if text.ends_with("..=") && p.as_char() == '=' => false,
            (Some(TokenTree::Punct(p)), _) if matches!(p.as_char(), '&' | '!' | '*' | '-') => {
                let before = &text[..text.len() - 1];
                let bang = p.as_char() == '!' && before.ends_with(|c: char| c.is_alphanumeric());
                let prefix = unary_context(before) && !text.ends_with("&&");
                !bang && !prefix
            }
            (_, TokenTree::Punct(p)) if matches!(p.as_char(), '.' | ',' | ';' | '?') => false,
            (_, TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint => {
                false
            }
            // A macro's `!`.
            (Some(TokenTree::Ident(_)), TokenTree::Punct(p)) if p.as_char() == '!' => {
                !matches!(tokens.peek(), Some(TokenTree::Group(_)))
            }
            // A call or an index: `f(x)`, `v[i]`, but `in (a, b)`.
            (Some(TokenTree::Ident(ident)), TokenTree::Group(group)) => {
                group.delimiter() == Delimiter::Brace
                    || KEYWORDS.iter().any(|keyword| ident == keyword)
            }
            (Some(TokenTree::Group(_) | TokenTree::Literal(_)), TokenTree::Group(group)) => {
                group.delimiter() == Delimiter::Brace
            }
            _ => true,
        };
        if space {
            text.push(' ');
        }
        match &token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                text.push_str(open);
                print(group.stream(), text);
                text.push_str(close);
            }
            token => text.push_str(&token.to_string()),
        }
        prev = Some(token);
    }
}

/// Whether an operator after `before` is a prefix one, as `&` in `in &xs`.
fn unary_context(before: &str) -> bool {
    let before = before.trim_end();
    before.is_empty()
        || before.ends_with(['(', '[', '{', ',', '=', '&', '!', '*', '-', '<', '>', '|'])
        || [" in", " if", " while", " match", " let", "for", " return"]
            .iter()
            .any(|keyword| before.ends_with(keyword) || before == keyword.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn reads_like_code() {
        let cases = [
            quote!(for i in 0..n),
            quote!(for (i, x) in xs.iter().enumerate()),
            quote!(for x in &v[1..=3]),
            quote!(while let Some(x) = q.pop()),
            quote!(while !done && *n > -1),
            quote!(for p in vec![a::b(), c()]),
            quote!(while i < n.len() - 1),
        ];
        let texts: Vec<String> = cases.into_iter().map(code).collect();
        assert_eq!(
            texts,
            [
                "for i in 0..n",
                "for (i, x) in xs.iter().enumerate()",
                "for x in &v[1..=3]",
                "while let Some(x) = q.pop()",
                "while !done && *n > -1",
                "for p in vec![a::b(), c()]",
                "while i < n.len() - 1",
            ]
        );
    }
}
