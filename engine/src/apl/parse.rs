//! The expression parser: precedence climbing over the tokens, with type checks (conditions vs
//! numbers) and a depth limit; names are resolved by `names`.
//!
//! Recovery: an unknown name or a type error is recorded and parsing goes on (the bad part gets
//! [`Ty::Any`], so it causes no further type errors); a syntax error ends the expression.

use super::{
    error::{AplError, Errors, Span},
    expr::{BinOp, Expr, Ty},
    lex::{describe, lex, Tok, Token},
    lines::Field,
    names,
};
use crate::spec::Spec;

/// Parses one expression: tokens, position, and the names it may use.
pub(crate) struct Parser<'a> {
    toks: Vec<Token<'a>>,
    i: usize,
    field: Field<'a>,
    end: usize,
    spec: &'a Spec,
    vars: &'a [String],
    depth: usize,
    /// Binary operators read so far.
    operators: usize,
    errors: &'a mut Errors,
}

/// Deepest nesting of parentheses and unary operators an expression may have.
const MAX_DEPTH: usize = 64;
/// Binary operators: word, precedence (loosest first), operation.
const BINARY: [(&str, u8, BinOp); 12] = [
    ("|", 1, BinOp::Or),
    ("&", 2, BinOp::And),
    ("<", 3, BinOp::Lt),
    ("<=", 3, BinOp::Le),
    ("=", 3, BinOp::Eq),
    ("!=", 3, BinOp::Ne),
    (">=", 3, BinOp::Ge),
    (">", 3, BinOp::Gt),
    ("+", 4, BinOp::Add),
    ("-", 4, BinOp::Sub),
    ("*", 5, BinOp::Mul),
    ("%", 5, BinOp::Div),
];
/// Most binary operators in one expression (a longer chain would nest too deep to evaluate).
const MAX_OPERATORS: usize = 1000;

/// A parsed expression and its type.
type Parsed = (Expr, Ty);

impl<'a> Parser<'a> {
    /// Parses `field` as a complete expression; `None` when it had errors (recorded in `errors`).
    pub fn parse(
        field: Field<'a>,
        spec: &'a Spec,
        vars: &'a [String],
        errors: &'a mut Errors,
    ) -> Option<Parsed> {
        let toks = lex(field.text, field.span.start);
        if toks.is_empty() {
            errors.push(AplError::new(field.span, "empty expression"));
            return None;
        }
        let before = errors.count();
        let mut p = Parser {
            toks,
            i: 0,
            field,
            end: field.text.chars().count(),
            spec,
            vars,
            depth: 0,
            operators: 0,
            errors,
        };
        let parsed = p.expr(0).and_then(|e| p.finish(e));
        match parsed {
            Ok(e) if p.errors.count() == before => Some(e),
            Ok(_) => None,
            Err(e) => {
                p.errors.push(e);
                None
            }
        }
    }

    /// Nothing may follow a complete expression.
    fn finish(&self, e: Parsed) -> Result<Parsed, AplError> {
        let Some(t) = self.peek() else {
            return Ok(e);
        };
        let msg = match &t.tok {
            Tok::RParen => "unbalanced ')': no '(' to close".to_string(),
            Tok::Bad(e) => return Err((**e).clone()),
            tok => format!("unexpected {} after a complete expression", describe(tok)),
        };
        Err(AplError::new(self.span(t.start, t.end), msg)
            .with_hint(Some("join conditions with & or |".into())))
    }

    /// The characters `start..end` of the expression.
    fn span(&self, start: usize, end: usize) -> Span {
        self.field.span.start.shift(start).span(end - start)
    }

    fn tok_span(&self, t: &Token) -> Span {
        self.span(t.start, t.end)
    }

    fn peek(&self) -> Option<&Token<'a>> {
        self.toks.get(self.i)
    }

    fn expr(&mut self, min_prec: u8) -> Result<Parsed, AplError> {
        let mut lhs = self.unary()?;
        while let Some(t) = self.peek().cloned() {
            let Tok::Op(op) = t.tok else { break };
            let Some(&(_, prec, bop)) = BINARY.iter().find(|b| b.0 == op) else {
                return Err(AplError::new(
                    self.tok_span(&t),
                    format!("'{op}' cannot stand between two values"),
                ));
            };
            if prec < min_prec {
                break;
            }
            self.operators += 1;
            if self.operators > MAX_OPERATORS {
                return Err(AplError::new(
                    self.tok_span(&t),
                    format!("expression has more than {MAX_OPERATORS} operators"),
                )
                .with_hint(Some("split it with variable,name=…".into())));
            }
            self.i += 1;
            let rhs = self.expr(prec + 1)?;
            lhs = self.combine(bop, lhs, rhs, &t);
        }
        Ok(lhs)
    }

    /// `l op r`, recording a type error (the result then has type `Any`).
    fn combine(&mut self, op: BinOp, (l, lt): Parsed, (r, rt): Parsed, at: &Token) -> Parsed {
        let either = |ty| lt == ty || rt == ty;
        let (ty, problem) = match op {
            BinOp::And | BinOp::Or => (Ty::Bool, None),
            BinOp::Eq | BinOp::Ne => {
                let mixed = lt != rt && !either(Ty::Any);
                (
                    Ty::Bool,
                    mixed.then_some("cannot compare a condition with a number"),
                )
            }
            BinOp::Lt | BinOp::Le | BinOp::Ge | BinOp::Gt => (
                Ty::Bool,
                either(Ty::Bool)
                    .then_some("ordering needs numbers on both sides, found a condition"),
            ),
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let bad = either(Ty::Bool);
                let ty = if bad { Ty::Any } else { Ty::Num };
                (
                    ty,
                    bad.then_some("arithmetic needs numbers on both sides, found a condition"),
                )
            }
        };
        if let Some(msg) = problem {
            let e = self.type_error(self.tok_span(at), msg);
            self.errors.push(e);
        }
        (Expr::Bin(op, Box::new(l), Box::new(r)), ty)
    }

    fn type_error(&self, span: Span, msg: &str) -> AplError {
        AplError::new(span, format!("type error: {msg}")).with_hint(Some(
            "use .stack, .remains or .charges for numbers; .up, .ticking or .ready for conditions"
                .into(),
        ))
    }

    fn unary(&mut self) -> Result<Parsed, AplError> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            let span = match self.peek() {
                Some(t) => self.tok_span(t),
                None => self.span(self.end, self.end),
            };
            Err(AplError::new(
                span,
                format!("expression nested more than {MAX_DEPTH} levels deep"),
            ))
        } else {
            self.unary_inner()
        };
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Parsed, AplError> {
        let Some(t) = self.peek().cloned() else {
            return Err(AplError::new(
                self.span(self.end, self.end),
                "expression ends where a value was expected",
            ));
        };
        self.i += 1;
        let span = self.tok_span(&t);
        match t.tok {
            Tok::Num(v) => Ok((Expr::Const(v), Ty::Num)),
            Tok::Op("!") => {
                let (e, _) = self.unary()?;
                Ok((Expr::Not(Box::new(e)), Ty::Bool))
            }
            Tok::Op("-") => {
                let (e, ty) = self.unary()?;
                if ty == Ty::Bool {
                    let end = self.toks[self.i - 1].end;
                    let e = self.type_error(
                        self.span(t.start, end),
                        "cannot negate a condition (use ! for 'not')",
                    );
                    self.errors.push(e);
                    return Ok((Expr::Const(0.0), Ty::Any));
                }
                Ok((Expr::Neg(Box::new(e)), Ty::Num))
            }
            Tok::LParen => {
                let inner = self.expr(0)?;
                match self.peek() {
                    Some(Token {
                        tok: Tok::RParen, ..
                    }) => {
                        self.i += 1;
                        Ok(inner)
                    }
                    Some(Token {
                        tok: Tok::Bad(e), ..
                    }) => Err((**e).clone()),
                    Some(t2) => Err(AplError::new(
                        self.tok_span(t2),
                        format!("expected ')' but found {}", describe(&t2.tok)),
                    )),
                    None => Err(AplError::new(span, "unbalanced '(': it is never closed")
                        .with_hint(Some("add the missing ')'".into()))),
                }
            }
            Tok::Ident(name) => match names::resolve(self.spec, self.vars, name, span) {
                Ok(e) => Ok(e),
                Err(e) => {
                    self.errors.push(e);
                    Ok((Expr::Const(0.0), Ty::Any))
                }
            },
            Tok::RParen => Err(AplError::new(
                span,
                "unexpected ')' where a value was expected",
            )),
            Tok::Op(op) => Err(AplError::new(
                span,
                format!("unexpected '{op}' where a value was expected"),
            )),
            Tok::Bad(e) => Err(*e),
        }
    }
}
