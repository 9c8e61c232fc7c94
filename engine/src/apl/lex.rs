//! The expression lexer: numbers, dotted names, parentheses and operators, each with its offset.

use super::error::{AplError, Pos};

/// A token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(f64),
    Ident(String),
    Op(&'static str),
    LParen,
    RParen,
}

/// The tokens of an expression, each with its offset in characters.
pub(super) struct Lexer {
    pub(super) toks: Vec<(Tok, usize)>,
}

/// Operators, longest first.
const OPS: [&str; 15] = [
    "<=", ">=", "!=", "==", "&&", "||", "<", ">", "=", "+", "-", "*", "%", "&", "|",
];

/// Splits `src` (which starts at `base`) into tokens.
pub(super) fn lex(src: &str, base: Pos) -> Result<Lexer, AplError> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let v: f64 = text
                .parse()
                .map_err(|_| AplError::new(base.shift(start), format!("bad number '{text}'")))?;
            toks.push((Tok::Num(v), start));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            toks.push((Tok::Ident(chars[start..i].iter().collect()), start));
        } else if c == '(' {
            toks.push((Tok::LParen, i));
            i += 1;
        } else if c == ')' {
            toks.push((Tok::RParen, i));
            i += 1;
        } else if c == '!' && chars.get(i + 1) != Some(&'=') {
            toks.push((Tok::Op("!"), i));
            i += 1;
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
                    toks.push((Tok::Op(canon), i));
                    i += op.len();
                }
                None => {
                    return Err(
                        AplError::new(base.shift(i), format!("unexpected character '{c}'"))
                            .with_hint(Some("operators are + - * % < <= = != >= > & | !".into())),
                    )
                }
            }
        }
    }
    Ok(Lexer { toks })
}

/// A token as named in messages.
pub(super) fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(v) => format!("number {v}"),
        Tok::Ident(s) => format!("name '{s}'"),
        Tok::Op(o) => format!("'{o}'"),
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
    }
}
