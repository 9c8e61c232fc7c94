//! Compiled APL expressions: [`Expr`] trees whose leaves are indices into the spec's tables (no
//! string look-ups at evaluation time), and their static type.

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
    /// `buff.X.react`: up, and up for longer than the player's reaction time.
    BuffReact(u16),
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
    /// `target.time_to_die`
    TargetTimeToDie,
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

impl Expr {
    /// Calls `f` on this expression and every sub-expression.
    pub fn visit(&self, f: &mut impl FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Not(x) | Expr::Neg(x) => x.visit(f),
            Expr::Bin(_, l, r) => {
                l.visit(f);
                r.visit(f);
            }
            _ => {}
        }
    }
}

/// Static type of an expression: conditions and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Bool,
    Num,
    /// An expression with an error: it causes no further type errors.
    Any,
}
