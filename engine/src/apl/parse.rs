//! The expression parser: precedence climbing over the tokens, with type checks (conditions vs
//! numbers) and a depth limit; names are resolved by `names`.

use super::{
    error::{AplError, Pos},
    expr::{BinOp, Expr, Ty},
    lex::{describe, lex, Tok},
    names,
};
use crate::spec::Spec;

/// Parses one expression: tokens, position, and the names it may use.
pub(crate) struct Parser<'a> {
    toks: Vec<(Tok, usize)>,
    i: usize,
    base: Pos,
    end: usize,
    spec: &'a Spec,
    vars: &'a [String],
    depth: usize,
}

/// Deepest nesting of parentheses and unary operators an expression may have.
const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    /// Parses `src` (which starts at `base`) as a complete expression.
    pub fn parse(
        src: &str,
        base: Pos,
        spec: &'a Spec,
        vars: &'a [String],
    ) -> Result<(Expr, Ty), AplError> {
        let lexer = lex(src, base)?;
        if lexer.toks.is_empty() {
            return Err(AplError::new(base, "empty expression"));
        }
        let mut p = Parser {
            toks: lexer.toks,
            i: 0,
            base,
            end: src.chars().count(),
            spec,
            vars,
            depth: 0,
        };
        let e = p.expr(0)?;
        if let Some((t, at)) = p.toks.get(p.i) {
            let msg = match t {
                Tok::RParen => "unbalanced ')': no '(' to close".to_string(),
                _ => format!("unexpected {} after a complete expression", describe(t)),
            };
            return Err(AplError::new(base.shift(*at), msg)
                .with_hint(Some("join conditions with & or |".into())));
        }
        Ok(e)
    }

    fn pos(&self, at: usize) -> Pos {
        self.base.shift(at)
    }

    fn peek(&self) -> Option<&(Tok, usize)> {
        self.toks.get(self.i)
    }

    fn expr(&mut self, min_prec: u8) -> Result<(Expr, Ty), AplError> {
        let mut lhs = self.unary()?;
        while let Some((Tok::Op(op), at)) = self.peek().cloned() {
            let (prec, bop) = match op {
                "|" => (1, BinOp::Or),
                "&" => (2, BinOp::And),
                "<" => (3, BinOp::Lt),
                "<=" => (3, BinOp::Le),
                "=" => (3, BinOp::Eq),
                "!=" => (3, BinOp::Ne),
                ">=" => (3, BinOp::Ge),
                ">" => (3, BinOp::Gt),
                "+" => (4, BinOp::Add),
                "-" => (4, BinOp::Sub),
                "*" => (5, BinOp::Mul),
                "%" => (5, BinOp::Div),
                _ => {
                    return Err(AplError::new(
                        self.pos(at),
                        format!("'{op}' cannot stand between two values"),
                    ))
                }
            };
            if prec < min_prec {
                break;
            }
            self.i += 1;
            let rhs = self.expr(prec + 1)?;
            lhs = self.combine(bop, lhs, rhs, at)?;
        }
        Ok(lhs)
    }

    fn combine(
        &self,
        op: BinOp,
        (l, lt): (Expr, Ty),
        (r, rt): (Expr, Ty),
        at: usize,
    ) -> Result<(Expr, Ty), AplError> {
        let ty = match op {
            BinOp::And | BinOp::Or => Ty::Bool,
            BinOp::Eq | BinOp::Ne => {
                if lt != rt {
                    return Err(self.type_error(at, "cannot compare a condition with a number"));
                }
                Ty::Bool
            }
            BinOp::Lt | BinOp::Le | BinOp::Ge | BinOp::Gt => {
                if lt == Ty::Bool || rt == Ty::Bool {
                    return Err(self.type_error(
                        at,
                        "ordering needs numbers on both sides, found a condition",
                    ));
                }
                Ty::Bool
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                if lt == Ty::Bool || rt == Ty::Bool {
                    return Err(self.type_error(
                        at,
                        "arithmetic needs numbers on both sides, found a condition",
                    ));
                }
                Ty::Num
            }
        };
        Ok((Expr::Bin(op, Box::new(l), Box::new(r)), ty))
    }

    fn type_error(&self, at: usize, msg: &str) -> AplError {
        AplError::new(self.pos(at), format!("type error: {msg}")).with_hint(Some(
            "use .stack, .remains or .charges for numbers; .up, .ticking or .ready for conditions"
                .into(),
        ))
    }

    fn unary(&mut self) -> Result<(Expr, Ty), AplError> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            let at = self.peek().map_or(self.end, |t| t.1);
            Err(AplError::new(
                self.pos(at),
                format!("expression nested more than {MAX_DEPTH} levels deep"),
            ))
        } else {
            self.unary_inner()
        };
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<(Expr, Ty), AplError> {
        let Some((tok, at)) = self.peek().cloned() else {
            return Err(AplError::new(
                self.pos(self.end),
                "expression ends where a value was expected",
            ));
        };
        self.i += 1;
        match tok {
            Tok::Num(v) => Ok((Expr::Const(v), Ty::Num)),
            Tok::Op("!") => {
                let (e, _) = self.unary()?;
                Ok((Expr::Not(Box::new(e)), Ty::Bool))
            }
            Tok::Op("-") => {
                let (e, t) = self.unary()?;
                if t == Ty::Bool {
                    return Err(self.type_error(at, "cannot negate a condition (use ! for 'not')"));
                }
                Ok((Expr::Neg(Box::new(e)), Ty::Num))
            }
            Tok::LParen => {
                let inner = self.expr(0)?;
                match self.peek() {
                    Some((Tok::RParen, _)) => {
                        self.i += 1;
                        Ok(inner)
                    }
                    Some((t, at2)) => Err(AplError::new(
                        self.pos(*at2),
                        format!("expected ')' but found {}", describe(t)),
                    )),
                    None => Err(
                        AplError::new(self.pos(at), "unbalanced '(': it is never closed")
                            .with_hint(Some("add the missing ')'".into())),
                    ),
                }
            }
            Tok::Ident(name) => names::resolve(self.spec, self.vars, &name, self.pos(at)),
            Tok::RParen => Err(AplError::new(
                self.pos(at),
                "unexpected ')' where a value was expected",
            )),
            Tok::Op(op) => Err(AplError::new(
                self.pos(at),
                format!("unexpected '{op}' where a value was expected"),
            )),
        }
    }
}
