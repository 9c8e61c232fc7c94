//! Compiled expressions back to rotation text (`buff.heating_up.up&cooldown.combustion.ready`),
//! for explanations: the inverse of `names` and `parse`, with the fewest parentheses that keep
//! the meaning.

use super::{BinOp, Expr, Res, ResProp};
use crate::spec::Spec;

/// Binding strength of an operator (higher binds tighter), as the parser reads them.
fn precedence(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 1,
        BinOp::And => 2,
        BinOp::Lt | BinOp::Le | BinOp::Eq | BinOp::Ne | BinOp::Ge | BinOp::Gt => 3,
        BinOp::Add | BinOp::Sub => 4,
        BinOp::Mul | BinOp::Div => 5,
    }
}

fn symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "%",
        BinOp::Lt => "<",
        BinOp::Le => "<=",
        BinOp::Eq => "=",
        BinOp::Ne => "!=",
        BinOp::Ge => ">=",
        BinOp::Gt => ">",
        BinOp::And => "&",
        BinOp::Or => "|",
    }
}

/// A number as a rotation would write it (`12`, `0.5`).
pub fn number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `e` as rotation text, names taken from `spec` and the rotation's `vars`.
pub fn render(e: &Expr, spec: &Spec, vars: &[String]) -> String {
    let mut out = String::new();
    write(e, spec, vars, 0, &mut out);
    out
}

fn write(e: &Expr, spec: &Spec, vars: &[String], parent: u8, out: &mut String) {
    let f = &spec.full;
    let spell = |i: &u16| f.spells.get(*i as usize).map_or("?", |s| s.id.as_str());
    let buff = |i: &u16| f.buffs.get(*i as usize).map_or("?", |b| b.id.as_str());
    let text = match e {
        Expr::Const(v) => number(*v),
        Expr::BuffUp(i) => format!("buff.{}.up", buff(i)),
        Expr::BuffReact(i) => format!("buff.{}.react", buff(i)),
        Expr::BuffStack(i) => format!("buff.{}.stack", buff(i)),
        Expr::BuffRemains(i) => format!("buff.{}.remains", buff(i)),
        Expr::DotTicking(i) => format!("dot.{}.ticking", spell(i)),
        Expr::DotRemains(i) => format!("dot.{}.remains", spell(i)),
        Expr::DotRefreshable(i) => format!("dot.{}.refreshable", spell(i)),
        Expr::DotTicksRemain(i) => format!("dot.{}.ticks_remain", spell(i)),
        Expr::ActiveDot(i) => format!("active_dot.{}", spell(i)),
        Expr::CdReady(i) => format!("cooldown.{}.ready", spell(i)),
        Expr::CdRemains(i) => format!("cooldown.{}.remains", spell(i)),
        Expr::CdCharges(i) => format!("cooldown.{}.charges", spell(i)),
        Expr::CdChargesFrac(i) => format!("cooldown.{}.charges_fractional", spell(i)),
        Expr::CdFullRecharge(i) => format!("cooldown.{}.full_recharge_time", spell(i)),
        Expr::CastTime(i) => format!("action.{}.cast_time", spell(i)),
        Expr::Resource(res, prop) => {
            let name = match res {
                Res::Primary => f.resource.name.as_str(),
                Res::Secondary => f.secondary.as_ref().map_or("?", |s| s.name.as_str()),
            };
            match prop {
                ResProp::Current => name.to_string(),
                ResProp::Deficit => format!("{name}.deficit"),
                ResProp::Pct => format!("{name}.pct"),
                ResProp::Max => format!("{name}.max"),
                ResProp::TimeToMax => format!("{name}.time_to_max"),
            }
        }
        Expr::ActiveEnemies => "active_enemies".into(),
        Expr::Time => "time".into(),
        Expr::FightRemains => "fight_remains".into(),
        Expr::TargetHealthPct => "target.health.pct".into(),
        Expr::TargetTimeToDie => "target.time_to_die".into(),
        Expr::GcdRemains => "gcd.remains".into(),
        Expr::GcdMax => "gcd.max".into(),
        Expr::Moving => "moving".into(),
        Expr::SpellHaste => "spell_haste".into(),
        Expr::PrevGcd(k, s) => format!("prev_gcd.{k}.{}", spell(s)),
        Expr::Var(i) => format!(
            "variable.{}",
            vars.get(*i as usize).map_or("?", |v| v.as_str())
        ),
        Expr::PetActive => "pet.active".into(),
        Expr::PetRemains => match &f.pet {
            Some(p) => format!("pet.{}.remains", p.name),
            None => "pet.remains".into(),
        },
        Expr::Not(x) => {
            out.push('!');
            write(x, spec, vars, 6, out);
            return;
        }
        Expr::Neg(x) => {
            out.push('-');
            write(x, spec, vars, 6, out);
            return;
        }
        Expr::Bin(op, l, r) => {
            let p = precedence(*op);
            let paren = p < parent;
            if paren {
                out.push('(');
            }
            write(l, spec, vars, p, out);
            out.push_str(symbol(*op));
            // Left-associative: a right operand of the same strength needs its parentheses.
            write(r, spec, vars, p + 1, out);
            if paren {
                out.push(')');
            }
            return;
        }
    };
    out.push_str(&text);
}
