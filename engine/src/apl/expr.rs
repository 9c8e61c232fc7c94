//! APL expressions: lexed, parsed and resolved in one pass into [`Expr`], whose leaves are
//! indices into the spec's tables (no string look-ups at evaluation time).

use super::error::{suggest, AplError, Pos};
use crate::spec::Spec;

/// Which resource an expression reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Res {
    /// The primary resource.
    Primary,
    /// The secondary resource.
    Secondary,
}

/// A property of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResProp {
    /// Current value.
    Current,
    /// Max minus current.
    Deficit,
    /// Percent of max.
    Pct,
    /// Maximum.
    Max,
    /// Seconds until full at the current regen rate.
    TimeToMax,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `%` (division, as in SimulationCraft; x%0 = 0)
    Div,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=` or `==`
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `>`
    Gt,
    /// `&`
    And,
    /// `|`
    Or,
}

/// A compiled expression; booleans evaluate to 1.0 / 0.0.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number.
    Const(f64),
    /// `buff.X.up`
    BuffUp(u16),
    /// `buff.X.stack`
    BuffStack(u16),
    /// `buff.X.remains`
    BuffRemains(u16),
    /// `dot.X.ticking` on the current target.
    DotTicking(u16),
    /// `dot.X.remains`
    DotRemains(u16),
    /// `dot.X.refreshable` (remains below 30 % of the duration: pandemic window).
    DotRefreshable(u16),
    /// `dot.X.ticks_remain`
    DotTicksRemain(u16),
    /// `active_dot.X`: targets with the DoT ticking.
    ActiveDot(u16),
    /// `cooldown.X.ready`
    CdReady(u16),
    /// `cooldown.X.remains` (until a charge is available)
    CdRemains(u16),
    /// `cooldown.X.charges`
    CdCharges(u16),
    /// `cooldown.X.charges_fractional`
    CdChargesFrac(u16),
    /// `cooldown.X.full_recharge_time`
    CdFullRecharge(u16),
    /// `action.X.cast_time`: hasted cast (or channel) time now.
    CastTime(u16),
    /// A resource property.
    Resource(Res, ResProp),
    /// `active_enemies`
    ActiveEnemies,
    /// `time`
    Time,
    /// `fight_remains`
    FightRemains,
    /// `target.health.pct`
    TargetHealthPct,
    /// `gcd.remains`
    GcdRemains,
    /// `gcd.max`: the current hasted GCD.
    GcdMax,
    /// `moving`
    Moving,
    /// `spell_haste`: the haste multiplier (1 / (1 + haste)).
    SpellHaste,
    /// `prev_gcd.N.X`
    PrevGcd(u8, u16),
    /// `variable.X`
    Var(u16),
    /// `pet.active` / `pet.NAME.active`
    PetActive,
    /// `pet.NAME.remains`
    PetRemains,
    /// `!x`
    Not(Box<Expr>),
    /// `-x`
    Neg(Box<Expr>),
    /// `a op b`
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

/// Static type of an expression: conditions and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Bool,
    Num,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Op(&'static str),
    LParen,
    RParen,
}

struct Lexer {
    toks: Vec<(Tok, usize)>,
}

const OPS: [&str; 15] = [
    "<=", ">=", "!=", "==", "&&", "||", "<", ">", "=", "+", "-", "*", "%", "&", "|",
];

fn lex(src: &str, base: Pos) -> Result<Lexer, AplError> {
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

/// Names an expression can use besides spec-specific ones (for suggestions).
const TOP_LEVEL: [&str; 18] = [
    "buff",
    "debuff",
    "dot",
    "active_dot",
    "cooldown",
    "action",
    "variable",
    "prev_gcd",
    "pet",
    "target",
    "gcd",
    "time",
    "fight_remains",
    "active_enemies",
    "spell_targets",
    "moving",
    "spell_haste",
    "prev",
];

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
            Tok::Ident(name) => self.resolve(&name, at),
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

    fn resolve(&self, name: &str, at: usize) -> Result<(Expr, Ty), AplError> {
        let pos = self.pos(at);
        let parts: Vec<&str> = name.split('.').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(AplError::new(pos, format!("malformed name '{name}'")));
        }
        let spec = self.spec;
        let f = &spec.file;
        let prop_err = |what: &str, prop: &str, options: &[&str]| {
            AplError::new(
                pos,
                format!(
                    "unknown property '{prop}' of {what} (expected one of: {})",
                    options.join(", ")
                ),
            )
            .with_hint(suggest(prop, options.iter().copied()))
        };
        let arity = |n: usize, form: &str| -> Result<(), AplError> {
            if parts.len() == n {
                Ok(())
            } else {
                Err(AplError::new(
                    pos,
                    format!("'{name}' is not of the form {form}"),
                ))
            }
        };
        let spell = |id: &str| -> Result<u16, AplError> {
            spec.spell(id).map(|i| i as u16).ok_or_else(|| {
                AplError::new(pos, format!("unknown spell '{id}'"))
                    .with_hint(suggest(id, spec.spell_ids()))
            })
        };
        let dot_spell = |id: &str| -> Result<u16, AplError> {
            let s = spell(id)?;
            if f.spells[s as usize].dot.is_none() {
                let dots: Vec<&str> = f
                    .spells
                    .iter()
                    .filter(|s| s.dot.is_some())
                    .map(|s| s.id.as_str())
                    .collect();
                let hint = if dots.is_empty() {
                    "no spell of this spec applies a DoT".to_string()
                } else {
                    format!("spells with a DoT: {}", dots.join(", "))
                };
                return Err(AplError::new(pos, format!("spell '{id}' applies no DoT"))
                    .with_hint(Some(hint)));
            }
            Ok(s)
        };
        let buff = |id: &str| -> Result<u16, AplError> {
            spec.buff(id).map(|i| i as u16).ok_or_else(|| {
                AplError::new(pos, format!("unknown buff '{id}'"))
                    .with_hint(suggest(id, spec.buff_ids()))
            })
        };
        const BUFF_PROPS: [&str; 5] = ["up", "down", "stack", "remains", "react"];
        const DOT_PROPS: [&str; 6] = [
            "ticking",
            "up",
            "down",
            "remains",
            "refreshable",
            "ticks_remain",
        ];
        const CD_PROPS: [&str; 6] = [
            "ready",
            "up",
            "remains",
            "charges",
            "charges_fractional",
            "full_recharge_time",
        ];
        const RES_PROPS: [&str; 5] = ["deficit", "pct", "max", "current", "time_to_max"];
        let b = |e: Expr| Ok((e, Ty::Bool));
        let n = |e: Expr| Ok((e, Ty::Num));
        match parts[0] {
            "buff" => {
                arity(3, "buff.NAME.up|down|stack|remains|react")?;
                let id = buff(parts[1])?;
                match parts[2] {
                    "up" | "react" => b(Expr::BuffUp(id)),
                    "down" => b(Expr::Not(Box::new(Expr::BuffUp(id)))),
                    "stack" => n(Expr::BuffStack(id)),
                    "remains" => n(Expr::BuffRemains(id)),
                    p => Err(prop_err(&format!("buff.{}", parts[1]), p, &BUFF_PROPS)),
                }
            }
            "dot" | "debuff" => {
                arity(3, "dot.NAME.ticking|remains|refreshable|ticks_remain")?;
                let id = dot_spell(parts[1])?;
                match parts[2] {
                    "ticking" | "up" => b(Expr::DotTicking(id)),
                    "down" => b(Expr::Not(Box::new(Expr::DotTicking(id)))),
                    "remains" => n(Expr::DotRemains(id)),
                    "refreshable" => b(Expr::DotRefreshable(id)),
                    "ticks_remain" => n(Expr::DotTicksRemain(id)),
                    "stack" => n(Expr::DotTicking(id)),
                    p => Err(prop_err(&format!("dot.{}", parts[1]), p, &DOT_PROPS)),
                }
            }
            "active_dot" => {
                arity(2, "active_dot.NAME")?;
                n(Expr::ActiveDot(dot_spell(parts[1])?))
            }
            "cooldown" => {
                arity(3, "cooldown.NAME.ready|remains|charges|full_recharge_time")?;
                let id = spell(parts[1])?;
                match parts[2] {
                    "ready" | "up" => b(Expr::CdReady(id)),
                    "remains" => n(Expr::CdRemains(id)),
                    "charges" => n(Expr::CdCharges(id)),
                    "charges_fractional" => n(Expr::CdChargesFrac(id)),
                    "full_recharge_time" => n(Expr::CdFullRecharge(id)),
                    p => Err(prop_err(&format!("cooldown.{}", parts[1]), p, &CD_PROPS)),
                }
            }
            "action" => {
                arity(3, "action.NAME.cast_time")?;
                let id = spell(parts[1])?;
                match parts[2] {
                    "cast_time" | "execute_time" => n(Expr::CastTime(id)),
                    p => Err(prop_err(
                        &format!("action.{}", parts[1]),
                        p,
                        &["cast_time", "execute_time"],
                    )),
                }
            }
            "variable" => {
                arity(2, "variable.NAME")?;
                match self.vars.iter().position(|v| v == parts[1]) {
                    Some(i) => n(Expr::Var(i as u16)),
                    None => Err(AplError::new(
                        pos,
                        format!(
                            "unknown variable '{}' (set it with variable,name=…)",
                            parts[1]
                        ),
                    )
                    .with_hint(suggest(parts[1], self.vars.iter().map(|s| s.as_str())))),
                }
            }
            "prev_gcd" => {
                arity(3, "prev_gcd.N.SPELL")?;
                let k: u8 = match parts[1].parse() {
                    Ok(k @ 1..=3) => k,
                    _ => {
                        return Err(AplError::new(
                            pos,
                            format!("prev_gcd.{} : N must be 1, 2 or 3", parts[1]),
                        ))
                    }
                };
                b(Expr::PrevGcd(k, spell(parts[2])?))
            }
            "prev" => {
                arity(2, "prev.SPELL")?;
                b(Expr::PrevGcd(1, spell(parts[1])?))
            }
            "pet" => {
                let Some(pet) = &f.pet else {
                    return Err(AplError::new(pos, "this spec has no pet"));
                };
                let prop = match parts.len() {
                    2 => parts[1],
                    3 if parts[1] == pet.name => parts[2],
                    3 => {
                        return Err(AplError::new(pos, format!("unknown pet '{}'", parts[1]))
                            .with_hint(suggest(parts[1], [pet.name.as_str()])))
                    }
                    _ => {
                        return Err(AplError::new(
                            pos,
                            format!("'{name}' is not of the form pet.{}.active", pet.name),
                        ))
                    }
                };
                match prop {
                    "active" | "up" => b(Expr::PetActive),
                    "remains" => n(Expr::PetRemains),
                    p => Err(prop_err("pet", p, &["active", "remains"])),
                }
            }
            "target" => match &parts[1..] {
                ["health", "pct"] => n(Expr::TargetHealthPct),
                ["time_to_die"] => n(Expr::FightRemains),
                _ => Err(
                    AplError::new(pos, format!("unknown target property '{name}'"))
                        .with_hint(Some("use target.health.pct or target.time_to_die".into())),
                ),
            },
            "gcd" => match &parts[1..] {
                [] | ["max"] => n(Expr::GcdMax),
                ["remains"] => n(Expr::GcdRemains),
                [p, ..] => Err(prop_err("gcd", p, &["remains", "max"])),
            },
            "time" if parts.len() == 1 => n(Expr::Time),
            "fight_remains" if parts.len() == 1 => n(Expr::FightRemains),
            "active_enemies" if parts.len() == 1 => n(Expr::ActiveEnemies),
            "spell_targets" => n(Expr::ActiveEnemies),
            "moving" if parts.len() == 1 => b(Expr::Moving),
            "spell_haste" if parts.len() == 1 => n(Expr::SpellHaste),
            first => {
                let res = if first == f.resource.name {
                    Some(Res::Primary)
                } else if f.secondary.as_ref().is_some_and(|s| s.name == first) {
                    Some(Res::Secondary)
                } else {
                    None
                };
                if let Some(res) = res {
                    let prop = match &parts[1..] {
                        [] | ["current"] => ResProp::Current,
                        ["deficit"] => ResProp::Deficit,
                        ["pct"] => ResProp::Pct,
                        ["max"] => ResProp::Max,
                        ["time_to_max"] => ResProp::TimeToMax,
                        [p, ..] => return Err(prop_err(first, p, &RES_PROPS)),
                    };
                    return n(Expr::Resource(res, prop));
                }
                let mut names: Vec<&str> = TOP_LEVEL.to_vec();
                names.push(&f.resource.name);
                if let Some(s) = &f.secondary {
                    names.push(&s.name);
                }
                let hint = suggest(first, names).or_else(|| {
                    if spec.buff(first).is_some() {
                        Some(format!("did you mean 'buff.{first}.up'?"))
                    } else if spec.spell(first).is_some() {
                        Some(format!("did you mean 'cooldown.{first}.ready'?"))
                    } else {
                        None
                    }
                });
                let looks_like_resource = matches!(
                    first,
                    "mana"
                        | "energy"
                        | "rage"
                        | "focus"
                        | "runic_power"
                        | "astral_power"
                        | "maelstrom"
                        | "insanity"
                        | "fury"
                        | "combo_points"
                        | "holy_power"
                        | "chi"
                        | "soul_shards"
                );
                let what = if looks_like_resource {
                    "unknown resource"
                } else {
                    "unknown name"
                };
                Err(AplError::new(pos, format!("{what} '{first}'")).with_hint(hint))
            }
        }
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(v) => format!("number {v}"),
        Tok::Ident(s) => format!("name '{s}'"),
        Tok::Op(o) => format!("'{o}'"),
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
    }
}
