//! What a rotation compiles to: lists of [`Action`]s over spec indices.

use super::expr::Expr;

/// How a `variable` action changes its variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarOp {
    /// `op=set` (default)
    Set,
    /// `op=add`
    Add,
    /// `op=sub`
    Sub,
    /// `op=min`
    Min,
    /// `op=max`
    Max,
    /// `op=reset`: back to 0
    Reset,
}

/// What an action does.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionKind {
    /// Cast a spell; with `cycle_targets`, on the first target whose condition holds.
    Cast {
        /// Spell index.
        spell: u16,
        /// Try each target in turn.
        cycle_targets: bool,
    },
    /// Use the first ready on-use item of the character (`use_items`).
    UseItems,
    /// Evaluate another list; fall through when nothing in it is usable.
    Call(u16),
    /// Evaluate another list and never come back to this one this decision.
    Run(u16),
    /// Change a variable.
    Variable {
        /// Variable index.
        var: u16,
        /// Operation.
        op: VarOp,
        /// Operand.
        value: Expr,
    },
    /// Wait up to `sec` seconds (or until something happens).
    Wait(Expr),
    /// Remove a buff from the player (`cancel_buff,name=X`); takes no time.
    CancelBuff(u16),
    /// `pool_resource,for_next=1`: when the next action (a cast) is held back only by the primary
    /// resource (or would leave less than `extra`), wait for it instead of going on.
    Pool {
        /// `extra_amount=`: resource to have beyond the next action's cost.
        extra: f64,
    },
}

/// `target_if=`: which target a cast goes to.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetIf {
    /// `target_if=min:EXPR`: of the targets it is usable on, the one where EXPR is least.
    Min(Expr),
    /// `target_if=max:EXPR`: the one where EXPR is greatest.
    Max(Expr),
    /// `target_if=EXPR`: the first where EXPR holds.
    First(Expr),
}

/// One line item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// What it does.
    pub kind: ActionKind,
    /// `if=` condition.
    pub condition: Option<Expr>,
    /// `target_if=`: how a cast picks its target (its `if=` is then read on that target).
    pub target_if: Option<TargetIf>,
    /// `line_cd=`: seconds after the line last acted before it may act again (0 = none).
    pub line_cd: f64,
    /// `interrupt_if=`: a channel stops at the first tick where this holds.
    pub interrupt_if: Option<Expr>,
    /// `use_off_gcd=1`: also usable while the GCD runs (an action off the GCD).
    pub use_off_gcd: bool,
    /// `use_while_casting=1`: also usable during a hard cast or channel (an instant off the GCD).
    pub use_while_casting: bool,
    /// `chain=`, `early_chain_if=`, `interrupt_immediate=`, `cancel_if=`, `sync=`, `moving=`.
    pub timing: TimingOptions,
    /// Where it was written (1-based line).
    pub line: usize,
    /// The action as written (`pyroblast,if=buff.hot_streak.up`), for reports.
    pub text: String,
}

/// A compiled rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Apl {
    /// All lists; `lists[default]` is `actions=`.
    pub lists: Vec<Vec<Action>>,
    /// List names, parallel to `lists`.
    pub list_names: Vec<String>,
    /// Index of the default list.
    pub default: usize,
    /// Index of `actions.precombat`, if any.
    pub precombat: Option<usize>,
    /// Variable names (indices of `Expr::Var`).
    pub variables: Vec<String>,
}

/// The options about when a cast starts and stops: chaining, cancelling, `sync` and `moving`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimingOptions {
    /// `chain=1`: at the channel's last tick, re-cast it at once when it applies.
    pub chain: bool,
    /// `early_chain_if=`: at an earlier tick where this holds, re-cast the channel at once.
    pub early_chain_if: Option<Expr>,
    /// `interrupt_immediate=1`: `interrupt_if` stops the channel as soon as it holds, not at
    /// the next tick.
    pub interrupt_immediate: bool,
    /// `cancel_if=`: stop the cast or channel as soon as this holds.
    pub cancel_if: Option<Expr>,
    /// `sync=SPELL`: usable only when this spell is usable too.
    pub sync: Option<u16>,
    /// `moving=1` / `moving=0`: usable only while moving / standing.
    pub moving: Option<bool>,
}

impl TimingOptions {
    /// Whether the cast or channel must be watched between its ticks (`cancel_if`, or
    /// `interrupt_immediate` with `interrupt_if`).
    pub fn watches(&self, interrupt_if: bool) -> bool {
        self.cancel_if.is_some() || (self.interrupt_immediate && interrupt_if)
    }
}
