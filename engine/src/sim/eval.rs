//! What the rotation reads: compiled APL expressions evaluated against the iteration's state,
//! on the current target.

use super::{state::DotState, Sim, EPS};
use crate::apl::{BinOp, Expr, Res, ResProp};

impl Sim<'_> {
    /// An expression as a condition: `eval(e) != 0.0`, with the boolean nodes (`&`, `|`, `!`,
    /// comparisons, `buff.X.up`, `moving`…) read as booleans rather than through 1.0 / 0.0.
    pub(super) fn truthy(&self, e: &Expr) -> bool {
        match e {
            Expr::BuffUp(i) => self.buffs[*i as usize].stacks > 0,
            Expr::Moving => self.moving,
            Expr::Not(x) => !self.truthy(x),
            Expr::Bin(op, l, r) => match op {
                BinOp::And => self.truthy(l) && self.truthy(r),
                BinOp::Or => self.truthy(l) || self.truthy(r),
                BinOp::Lt => self.operand(l) < self.operand(r),
                BinOp::Le => self.operand(l) <= self.operand(r),
                BinOp::Eq => (self.operand(l) - self.operand(r)).abs() < EPS,
                BinOp::Ne => (self.operand(l) - self.operand(r)).abs() >= EPS,
                BinOp::Ge => self.operand(l) >= self.operand(r),
                BinOp::Gt => self.operand(l) > self.operand(r),
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => self.eval(e) != 0.0,
            },
            _ => self.eval(e) != 0.0,
        }
    }

    /// [`Self::eval`] of an operand, a constant read in place (comparing with a number is the
    /// commonest condition).
    #[inline(always)]
    fn operand(&self, e: &Expr) -> f64 {
        match e {
            Expr::Const(v) => *v,
            _ => self.eval(e),
        }
    }

    /// Evaluates `e` now, on the current target.
    pub(super) fn eval(&self, e: &Expr) -> f64 {
        let b = |x: bool| if x { 1.0 } else { 0.0 };
        match e {
            Expr::Const(v) => *v,
            Expr::BuffUp(i) => b(self.buffs[*i as usize].stacks > 0),
            Expr::BuffReact(i) => {
                let s = &self.buffs[*i as usize];
                b(s.stacks > 0 && self.now + EPS >= s.react_at)
            }
            Expr::BuffStack(i) => self.buffs[*i as usize].stacks as f64,
            Expr::BuffRemains(i) => {
                let s = &self.buffs[*i as usize];
                if s.stacks > 0 {
                    (s.expires - self.now).max(0.0)
                } else {
                    0.0
                }
            }
            Expr::DotTicking(i) => b(self.dot_remains(*i as usize, self.cur_target) > 0.0),
            Expr::DotRemains(i) => self.dot_remains(*i as usize, self.cur_target),
            Expr::DotRefreshable(i) => {
                let dur = self.st.spec.full.spells[*i as usize]
                    .dot
                    .as_ref()
                    .map_or(0.0, |d| d.duration);
                b(self.dot_remains(*i as usize, self.cur_target) < 0.3 * dur)
            }
            Expr::DotTicksRemain(i) => {
                let r = self.dot_remains(*i as usize, self.cur_target);
                match self.dot(*i as usize, self.cur_target) {
                    Some(d) if r > 0.0 => (r / d.interval).ceil(),
                    _ => 0.0,
                }
            }
            Expr::ActiveDot(i) => (0..self.st.targets)
                .filter(|&t| self.dot_remains(*i as usize, t) > 0.0)
                .count() as f64,
            Expr::CdReady(i) => {
                let s = &self.st.spec.full.spells[*i as usize];
                b(s.cooldown <= 0.0 || self.cd_now(*i as usize).0 > 0)
            }
            Expr::CdRemains(i) => {
                let (c, next) = self.cd_now(*i as usize);
                if c > 0 || self.st.spec.full.spells[*i as usize].cooldown <= 0.0 {
                    0.0
                } else {
                    (next - self.now).max(0.0)
                }
            }
            Expr::CdCharges(i) => self.cd_now(*i as usize).0 as f64,
            Expr::CdChargesFrac(i) => {
                let max = self.st.spec.full.spells[*i as usize].charges;
                let (c, next) = self.cd_now(*i as usize);
                let dur = self.cds[*i as usize].dur;
                if c >= max || dur <= 0.0 {
                    c as f64
                } else {
                    c as f64 + (1.0 - (next - self.now) / dur).clamp(0.0, 1.0)
                }
            }
            Expr::CdFullRecharge(i) => {
                let max = self.st.spec.full.spells[*i as usize].charges;
                let (c, next) = self.cd_now(*i as usize);
                if c >= max {
                    0.0
                } else {
                    (next - self.now).max(0.0) + (max - c - 1) as f64 * self.cds[*i as usize].dur
                }
            }
            Expr::CastTime(i) => self.cast_time(*i as usize),
            Expr::Resource(res, prop) => {
                let f = &self.st.spec.full;
                let (cur, max, rate) = match res {
                    Res::Primary => (
                        self.resource_at(self.now),
                        f.resource.max,
                        self.regen_rate(),
                    ),
                    Res::Secondary => (
                        self.secondary,
                        f.secondary.as_ref().map_or(0.0, |s| s.max),
                        0.0,
                    ),
                };
                match prop {
                    ResProp::Current => cur,
                    ResProp::Deficit => max - cur,
                    ResProp::Pct => 100.0 * cur / max.max(EPS),
                    ResProp::Max => max,
                    ResProp::TimeToMax => {
                        if cur >= max {
                            0.0
                        } else if rate > 0.0 {
                            (max - cur) / rate
                        } else {
                            f64::INFINITY
                        }
                    }
                }
            }
            Expr::ActiveEnemies => self.alive_count as f64,
            Expr::Time => self.now,
            Expr::FightRemains => self.fight_remains(),
            Expr::TargetHealthPct => self.health_pct(self.cur_target),
            Expr::TargetTimeToDie => self.time_to_die(self.cur_target),
            Expr::GcdRemains => (self.gcd_ready - self.now).max(0.0),
            Expr::GcdMax => self.hasted_gcd(self.st.base_gcd),
            Expr::Moving => b(self.moving),
            Expr::SpellHaste => 1.0 / self.haste_mult,
            Expr::PrevGcd(k, s) => b(self.prev_gcd[(*k - 1) as usize] == *s),
            Expr::Var(i) => self.vars[*i as usize],
            Expr::PetActive => b(self.pet_until > self.now),
            Expr::PetRemains => {
                if self.pet_until.is_infinite() && self.pet_until > 0.0 {
                    self.fight_remains()
                } else {
                    (self.pet_until - self.now).max(0.0)
                }
            }
            Expr::Not(x) => b(self.eval(x) == 0.0),
            Expr::Neg(x) => -self.eval(x),
            Expr::Bin(op, l, r) => {
                let a = self.operand(l);
                match op {
                    BinOp::And => b(a != 0.0 && self.truthy(r)),
                    BinOp::Or => b(a != 0.0 || self.truthy(r)),
                    _ => {
                        let c = self.operand(r);
                        match op {
                            BinOp::Add => a + c,
                            BinOp::Sub => a - c,
                            BinOp::Mul => a * c,
                            BinOp::Div => {
                                if c == 0.0 {
                                    0.0
                                } else {
                                    a / c
                                }
                            }
                            BinOp::Lt => b(a < c),
                            BinOp::Le => b(a <= c),
                            BinOp::Eq => b((a - c).abs() < EPS),
                            BinOp::Ne => b((a - c).abs() >= EPS),
                            BinOp::Ge => b(a >= c),
                            BinOp::Gt => b(a > c),
                            BinOp::And | BinOp::Or => unreachable!("handled above"),
                        }
                    }
                }
            }
        }
    }

    fn dot(&self, spell: usize, target: usize) -> Option<&DotState> {
        let slot = self.st.dot_slot[spell]?;
        self.dots.get(slot * self.st.targets + target)
    }

    fn dot_remains(&self, spell: usize, target: usize) -> f64 {
        self.dot(spell, target)
            .map_or(0.0, |d| (d.expires - self.now).max(0.0))
    }
}
