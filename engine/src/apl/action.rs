//! Understanding one action: its name (a spell, a list call, a variable, a wait, or an ignored
//! SimulationCraft action) and its options. Every problem is recorded and the next piece is still
//! checked: an unknown spell does not stop its `if=` from being parsed.

use super::{
    check::ActionClass,
    compiled::{Action, ActionKind, TargetIf, TimingOptions, VarOp},
    error::{closest, AplError, Errors},
    expr::{Expr, Ty},
    lines::{Field, RawAction, RawOpt},
    options::{flag, number, option_error, options_for, pool},
    parse::Parser,
    timing_options::{self, TIMING_KEYS},
};
use crate::spec::Spec;

/// SimulationCraft actions accepted with no effect of their own, each with why.
pub(super) const NO_EFFECT: [(&str, &str); 3] = [
    (
        "snapshot_stats",
        "records stats for SimulationCraft's report; it has no effect on the fight",
    ),
    (
        "auto_attack",
        "auto-attacks start by themselves at the pull",
    ),
    ("auto_shot", "auto-attacks start by themselves at the pull"),
];
/// SimulationCraft actions this engine does not model: using one is an error with this hint.
pub(super) const UNSUPPORTED: [(&str, &str); 6] = [
    (
        "flask",
        "flasks are not modelled: add the flask's stats to the character and remove this action",
    ),
    (
        "food",
        "food is not modelled: add the food's stats to the character and remove this action",
    ),
    (
        "augmentation",
        "augment runes are not modelled: add the rune's stats to the character and remove this action",
    ),
    (
        "invoke_external_buff",
        "externals are settings of the run (raid buffs: Bloodlust, Power Infusion), not actions",
    ),
    (
        "bloodlust",
        "Bloodlust is a setting of the run (raid buffs, on by default at the pull), not an action",
    ),
    (
        "heroism",
        "Heroism is a setting of the run (raid buffs, on by default at the pull), not an action",
    ),
];
/// Actions that use the character's on-use items and potion.
pub(super) const ITEM_ACTIONS: [&str; 3] = ["use_item", "use_items", "potion"];
/// Action names that are not spells.
pub(super) const SPECIAL: [&str; 6] = [
    "call_action_list",
    "run_action_list",
    "variable",
    "wait",
    "cancel_buff",
    "pool_resource",
];
/// The actions without effect of their own that `spec` accepts (`auto_attack`/`auto_shot` only
/// with auto-attacks).
pub(super) fn no_effect_actions(spec: &Spec) -> impl Iterator<Item = &'static str> + '_ {
    NO_EFFECT
        .iter()
        .map(|(w, _)| *w)
        .filter(|w| *w == "snapshot_stats" || spec.full.auto_attack.is_some())
}

/// `variable,op=…` words.
const VAR_OPS: [(&str, VarOp); 6] = [
    ("set", VarOp::Set),
    ("add", VarOp::Add),
    ("sub", VarOp::Sub),
    ("min", VarOp::Min),
    ("max", VarOp::Max),
    ("reset", VarOp::Reset),
];

/// The hint of an action SimulationCraft has and this engine does not model.
fn unsupported(name: &str) -> Option<&'static str> {
    UNSUPPORTED
        .iter()
        .find(|(w, _)| *w == name)
        .map(|(_, h)| *h)
}

/// What an action compiled to.
pub(super) enum Outcome {
    Action(Box<Action>),
    /// A SimulationCraft action with no effect here.
    Ignored,
    /// It had errors (recorded).
    Failed,
}

/// The names an action may refer to.
pub(super) struct Scope<'a> {
    pub spec: &'a Spec,
    pub vars: &'a [String],
    pub lists: &'a [String],
}

/// What kind of action `name` is.
pub(super) fn class(name: &str, spec: &Spec) -> ActionClass {
    match name {
        "call_action_list" => ActionClass::CallActionList,
        "run_action_list" => ActionClass::RunActionList,
        "variable" => ActionClass::Variable,
        "wait" => ActionClass::Wait,
        "use_item" => ActionClass::UseItem,
        "use_items" => ActionClass::UseItems,
        "potion" => ActionClass::Potion,
        "cancel_buff" => ActionClass::CancelBuff,
        "pool_resource" => ActionClass::PoolResource,
        n if NO_EFFECT.iter().any(|(w, _)| *w == n) => ActionClass::Ignored,
        n if spec.spell(n).is_some_and(|s| !spec.is_extra_spell(s)) => ActionClass::Spell,
        _ => ActionClass::Unknown,
    }
}

impl Scope<'_> {
    /// Compiles one raw action, recording its errors.
    pub fn action(&self, a: &RawAction, errors: &mut Errors) -> Outcome {
        let before = errors.count();
        let mut condition = None;
        let mut cycle = false;
        let (mut target_if, mut line_cd, mut interrupt_if) = (None, 0.0, None);
        let (mut off_gcd, mut while_casting) = (false, false);
        let mut timing = TimingOptions::default();
        let parse = |f: Field, errors: &mut Errors| self.expr(f, errors).map(|(e, _)| e);
        let allowed = options_for(class(a.name.text, self.spec));
        for (i, o) in a.opts.iter().enumerate() {
            match o.key.text {
                k if !allowed.contains(&k) => errors.push(option_error(o, a.name.text, allowed)),
                k if a.opts[..i].iter().any(|p| p.key.text == k) => errors.push(
                    AplError::new(o.key.span, format!("option '{k}' is given twice"))
                        .with_hint(Some("keep one; combine conditions with & or |".into())),
                ),
                "if" => condition = self.expr(o.value, errors).map(|(e, _)| e),
                k if TIMING_KEYS.contains(&k) => {
                    timing_options::read(self.spec, a, o, &mut timing, &parse, errors)
                }
                "cycle_targets" => cycle = flag(o, errors),
                "target_if" => target_if = self.target_if(o.value, errors),
                "line_cd" => line_cd = number(o, 0.0, 3600.0, errors),
                "use_off_gcd" => {
                    off_gcd = flag(o, errors);
                    self.check_off_gcd(a, o, off_gcd, false, errors);
                }
                "use_while_casting" => {
                    while_casting = flag(o, errors);
                    self.check_off_gcd(a, o, while_casting, true, errors);
                }
                "interrupt_if" => {
                    interrupt_if = self.expr(o.value, errors).map(|(e, _)| e);
                    let channel = self
                        .spec
                        .spell(a.name.text)
                        .map(|s| &self.spec.full.spells[s]);
                    if channel.is_some_and(|s| s.channel.is_none()) {
                        let message = format!("interrupt_if: '{}' is not a channel", a.name.text);
                        errors.push(AplError::new(o.key.span, message).with_hint(Some(
                            "interrupt_if stops a channelled spell between ticks".into(),
                        )));
                    }
                }
                _ => {}
            }
        }
        if cycle && target_if.is_some() {
            if let Some(o) = a.opts.iter().find(|o| o.key.text == "target_if") {
                errors.push(
                    AplError::new(o.key.span, "target_if and cycle_targets=1 together")
                        .with_hint(Some("use one of them".into())),
                );
            }
        }
        let kind = match a.name.text {
            "call_action_list" => self.list_ref(a, errors).map(ActionKind::Call),
            "run_action_list" => self.list_ref(a, errors).map(ActionKind::Run),
            "variable" => self.variable(a, errors),
            "wait" => match a.opt("sec") {
                Some(sec) => self.seconds(sec, errors).map(ActionKind::Wait),
                None => Some(ActionKind::Wait(Expr::Const(0.1))),
            },
            n if NO_EFFECT.iter().any(|(w, _)| *w == n) => self.no_effect(a, errors),
            "use_item" => self.use_item(a, errors),
            "use_items" => Some(ActionKind::UseItems),
            "cancel_buff" => self.cancel_buff(a, errors),
            "pool_resource" => pool(a, errors),
            "potion" => match self.spec.extras.potion {
                Some(s) => Some(ActionKind::Cast {
                    spell: s as u16,
                    cycle_targets: false,
                }),
                None => {
                    errors.push(
                        AplError::new(a.name.span, "the character has no potion").with_hint(
                            Some(
                                "give the character one: potion = { name = \"…\", onUse = { primary = … } }"
                                    .into(),
                            ),
                        ),
                    );
                    None
                }
            },
            n => match self.spec.spell(n) {
                Some(s) if self.spec.is_extra_spell(s) => {
                    let how = if Some(s) == self.spec.extras.potion {
                        "write potion".to_string()
                    } else {
                        format!("write use_item,name={n}")
                    };
                    let message = format!("'{n}' is an item, not a spell");
                    errors.push(AplError::new(a.name.span, message).with_hint(Some(how)));
                    None
                }
                Some(s) => Some(ActionKind::Cast {
                    spell: s as u16,
                    cycle_targets: cycle,
                }),
                None if unsupported(n).is_some() => {
                    let message = format!("'{n}' is not supported");
                    let hint = unsupported(n).map(str::to_string);
                    errors.push(AplError::new(a.name.span, message).with_hint(hint));
                    None
                }
                None => {
                    let spec = self.spec;
                    let hint = spec
                        .buff(n)
                        .map(|_| format!("'{n}' is a buff; spells apply it"));
                    let near = closest(n, spec.spell_ids().chain(SPECIAL));
                    errors.push(
                        AplError::new(a.name.span, format!("unknown spell '{n}'"))
                            .with_hint(hint)
                            .did_you_mean(near, str::to_string),
                    );
                    None
                }
            },
        };
        match kind {
            _ if errors.count() > before => Outcome::Failed,
            Some(kind) => Outcome::Action(Box::new(Action {
                kind,
                condition,
                target_if,
                line_cd,
                interrupt_if,
                use_off_gcd: off_gcd,
                use_while_casting: while_casting,
                timing,
                line: a.line,
                text: a.text(),
            })),
            None => Outcome::Ignored,
        }
    }

    /// An action accepted without effect of its own; `auto_attack`/`auto_shot` need a spec
    /// with auto-attacks.
    fn no_effect(&self, a: &RawAction, errors: &mut Errors) -> Option<ActionKind> {
        if !no_effect_actions(self.spec).any(|w| w == a.name.text) {
            errors.push(
                AplError::new(
                    a.name.span,
                    format!("'{}': this spec has no auto-attack", a.name.text),
                )
                .with_hint(Some("remove this action".into())),
            );
        }
        None
    }

    /// `use_off_gcd=1` needs a spell off the GCD; `use_while_casting=1` an instant one too.
    /// Items and the potion are both.
    fn check_off_gcd(
        &self,
        a: &RawAction,
        o: &RawOpt,
        on: bool,
        instant: bool,
        errors: &mut Errors,
    ) {
        let Some(s) = self
            .spec
            .spell(a.name.text)
            .map(|s| &self.spec.full.spells[s])
        else {
            return;
        };
        let problem = if s.gcd > 0.0 {
            Some("is on the GCD")
        } else if instant && (s.cast_time > 0.0 || s.channel.is_some()) {
            Some("is not instant")
        } else {
            None
        };
        if let (true, Some(p)) = (on, problem) {
            let message = format!("{}: '{}' {p}", o.key.text, a.name.text);
            let hint = "only instants off the GCD (gcd = 0) can be used while busy";
            errors.push(AplError::new(o.key.span, message).with_hint(Some(hint.into())));
        }
    }

    /// `target_if=min:EXPR`, `max:EXPR` or `EXPR`.
    fn target_if(&self, v: Field, errors: &mut Errors) -> Option<TargetIf> {
        let (make, field): (fn(Expr) -> TargetIf, Field) = if v.text.starts_with("min:") {
            (TargetIf::Min, v.after(4))
        } else if v.text.starts_with("max:") {
            (TargetIf::Max, v.after(4))
        } else {
            (TargetIf::First, v)
        };
        let ordered = field.text.len() != v.text.len();
        let (e, ty) = self.expr(field, errors)?;
        if ordered && ty == Ty::Bool {
            errors.push(
                AplError::new(field.span, "type error: target_if=min/max needs a number")
                    .with_hint(Some("e.g. target_if=min:dot.corruption.remains".into())),
            );
            return None;
        }
        Some(make(e))
    }

    /// `cancel_buff,name=BUFF`.
    fn cancel_buff(&self, a: &RawAction, errors: &mut Errors) -> Option<ActionKind> {
        let Some(n) = a.opt("name") else {
            errors.push(AplError::new(a.name.span, "cancel_buff needs name=BUFF"));
            return None;
        };
        match self.spec.buff(n.text) {
            Some(b) => Some(ActionKind::CancelBuff(b as u16)),
            None => {
                let near = closest(n.text, self.spec.buff_ids());
                errors.push(
                    AplError::new(n.span, format!("unknown buff '{}'", n.text))
                        .did_you_mean(near, str::to_string),
                );
                None
            }
        }
    }

    /// `use_item,name=ID`: one of the character's on-use items.
    fn use_item(&self, a: &RawAction, errors: &mut Errors) -> Option<ActionKind> {
        let Some(n) = a.opt("name") else {
            errors.push(AplError::new(a.name.span, "use_item needs name=ITEM"));
            return None;
        };
        let items = self
            .spec
            .items()
            .iter()
            .map(|&s| self.spec.full.spells[s].id.as_str());
        match self
            .spec
            .spell(n.text)
            .filter(|s| self.spec.items().contains(s))
        {
            Some(s) => Some(ActionKind::Cast {
                spell: s as u16,
                cycle_targets: false,
            }),
            None => {
                let hint = match items.clone().collect::<Vec<_>>() {
                    v if v.is_empty() => "the character has no item with an on-use effect".into(),
                    v => format!("on-use items: {}", v.join(", ")),
                };
                errors.push(
                    AplError::new(n.span, format!("unknown item '{}'", n.text))
                        .with_hint(Some(hint))
                        .did_you_mean(closest(n.text, items), str::to_string),
                );
                None
            }
        }
    }

    /// The list named by `name=` of a `call_action_list` or `run_action_list`.
    fn list_ref(&self, a: &RawAction, errors: &mut Errors) -> Option<u16> {
        let Some(n) = a.opt("name") else {
            let what = a.name.text;
            errors.push(AplError::new(
                a.name.span,
                format!("{what} needs name=LIST"),
            ));
            return None;
        };
        let found = self.lists.iter().position(|x| x == n.text);
        if found.is_none() {
            errors.push(
                AplError::new(n.span, format!("unknown action list '{}'", n.text)).did_you_mean(
                    closest(n.text, self.lists.iter().map(|s| s.as_str())),
                    str::to_string,
                ),
            );
        }
        found.map(|i| i as u16)
    }

    /// `variable,name=X,op=…,value=…`: each missing or bad option is an error.
    fn variable(&self, a: &RawAction, errors: &mut Errors) -> Option<ActionKind> {
        let name = a.opt("name");
        if name.is_none() {
            errors.push(AplError::new(a.name.span, "variable needs name=NAME"));
        }
        let op = match a.opt("op") {
            None => Some(VarOp::Set),
            Some(o) => {
                let op = VAR_OPS
                    .iter()
                    .find(|(w, _)| *w == o.text)
                    .map(|(_, op)| *op);
                if op.is_none() {
                    let near = closest(o.text, VAR_OPS.map(|(w, _)| w));
                    let message = format!("unknown variable op '{}'", o.text);
                    errors.push(AplError::new(o.span, message).did_you_mean(near, str::to_string));
                }
                op
            }
        };
        let value = match (a.opt("value"), op) {
            (_, Some(VarOp::Reset)) => Some(Expr::Const(0.0)),
            (Some(v), _) => self.expr(v, errors).map(|(e, _)| e),
            (None, Some(_)) => {
                let what = name.map(|n| format!(" '{}'", n.text)).unwrap_or_default();
                let message = format!("variable{what} needs value=EXPR");
                errors.push(AplError::new(a.name.span, message));
                None
            }
            (None, None) => None,
        };
        let name = name?.text;
        let var = self.vars.iter().position(|x| x == name).unwrap_or(0) as u16;
        Some(ActionKind::Variable {
            var,
            op: op?,
            value: value?,
        })
    }

    fn expr(&self, field: Field, errors: &mut Errors) -> Option<(Expr, Ty)> {
        Parser::parse(field, self.spec, self.vars, errors)
    }

    /// A number of seconds (`wait,sec=…`).
    fn seconds(&self, field: Field, errors: &mut Errors) -> Option<Expr> {
        let (e, ty) = self.expr(field, errors)?;
        if ty == Ty::Bool {
            errors.push(AplError::new(
                field.span,
                "type error: expected a number of seconds, found a condition",
            ));
            return None;
        }
        Some(e)
    }
}
