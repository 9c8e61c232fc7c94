//! The expression lexer: numbers, dotted names, parentheses and operators, each with its extent.
//! Text that is not a token ends the list with a [`Tok::Bad`] carrying the error, so the parser
//! reports it only if it gets that far (errors stay in text order).

use super::error::{AplError, Pos};

/// A token; names borrow the expression's text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok<'s> {
    Num(f64),
    Ident(&'s str),
    Op(&'static str),
    LParen,
    RParen,
    /// Not a token: the error to report when the parser reaches it (always the last token).
    Bad(Box<AplError>),
}

/// A token and its extent in characters from the start of the expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token<'s> {
    pub tok: Tok<'s>,
    pub start: usize,
    pub end: usize,
}

/// Operators, longest first.
const OPS: [&str; 15] = [
    "<=", ">=", "!=", "==", "&&", "||", "<", ">", "=", "+", "-", "*", "%", "&", "|",
];

/// Splits `src` (which starts at `base`) into tokens.
pub(super) fn lex(src: &str, base: Pos) -> Vec<Token<'_>> {
    let indexed: Vec<(usize, char)> = src.char_indices().collect();
    let chars: Vec<char> = indexed.iter().map(|&(_, c)| c).collect();
    let byte = |i: usize| indexed.get(i).map_or(src.len(), |&(b, _)| b);
    let mut toks = Vec::new();
    let mut i = 0;
    let mut push = |tok, start, end| toks.push(Token { tok, start, end });
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            match text.parse() {
                Ok(v) => push(Tok::Num(v), start, i),
                Err(_) => {
                    let e = AplError::new(
                        base.shift(start).span(i - start),
                        format!("bad number '{text}'"),
                    );
                    push(Tok::Bad(Box::new(e)), start, i);
                    break;
                }
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            push(Tok::Ident(&src[byte(start)..byte(i)]), start, i);
        } else if c == '(' || c == ')' {
            i += 1;
            push(if c == '(' { Tok::LParen } else { Tok::RParen }, start, i);
        } else if c == '!' && chars.get(i + 1) != Some(&'=') {
            i += 1;
            push(Tok::Op("!"), start, i);
        } else {
            let rest: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            match OPS.iter().find(|op| rest.starts_with(**op)) {
                Some(op) => {
                    let canon = match *op {
                        "&&" => "&",
                        "||" => "|",
                        "==" => "=",
                        o => o,
                    };
                    i += op.len();
                    push(Tok::Op(canon), start, i);
                }
                None => {
                    let e =
                        AplError::new(base.shift(i).span(1), format!("unexpected character '{c}'"))
                            .with_hint(Some("operators are + - * % < <= = != >= > & | !".into()));
                    push(Tok::Bad(Box::new(e)), start, i + 1);
                    break;
                }
            }
        }
    }
    toks
}

/// A token as named in messages.
pub(super) fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(v) => format!("number {v}"),
        Tok::Ident(s) => format!("name '{s}'"),
        Tok::Op(o) => format!("'{o}'"),
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::Bad(e) => e.message.clone(),
    }
}
