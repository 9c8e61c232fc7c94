//! Understanding one action: its name (a spell, a list call, a variable, a wait, or an ignored
//! SimulationCraft action) and its options. Every problem is recorded and the next piece is still
//! checked: an unknown spell does not stop its `if=` from being parsed.

use super::{
    check::ActionClass,
    compiled::{Action, ActionKind, VarOp},
    error::{closest, AplError, Errors},
    expr::{Expr, Ty},
    lines::{Field, RawAction},
    parse::Parser,
};
use crate::spec::Spec;

/// SimulationCraft actions that have no effect here and are accepted silently.
pub(super) const IGNORED: [&str; 8] = [
    "snapshot_stats",
    "flask",
    "food",
    "augmentation",
    "potion",
    "auto_attack",
    "auto_shot",
    "use_items",
];
/// Action names that are not spells.
pub(super) const SPECIAL: [&str; 4] = ["call_action_list", "run_action_list", "variable", "wait"];
/// Option keys.
pub(super) const OPTIONS: [&str; 6] = ["if", "name", "value", "op", "sec", "cycle_targets"];
/// `variable,op=…` words.
const VAR_OPS: [(&str, VarOp); 6] = [
    ("set", VarOp::Set),
    ("add", VarOp::Add),
    ("sub", VarOp::Sub),
    ("min", VarOp::Min),
    ("max", VarOp::Max),
    ("reset", VarOp::Reset),
];

/// What an action compiled to.
pub(super) enum Outcome {
    Action(Action),
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
        n if IGNORED.contains(&n) => ActionClass::Ignored,
        n if spec.spell(n).is_some() => ActionClass::Spell,
        _ => ActionClass::Unknown,
    }
}

impl Scope<'_> {
    /// Compiles one raw action, recording its errors.
    pub fn action(&self, a: &RawAction, errors: &mut Errors) -> Outcome {
        let before = errors.count();
        let mut condition = None;
        let mut cycle = false;
        for o in &a.opts {
            match o.key.text {
                "if" => condition = self.expr(o.value, errors).map(|(e, _)| e),
                "cycle_targets" => cycle = o.value.text == "1",
                k if OPTIONS.contains(&k) => {}
                other => errors.push(
                    AplError::new(o.key.span, format!("unknown option '{other}'"))
                        .with_hint(Some(format!("options are {}", OPTIONS.join(", "))))
                        .did_you_mean(closest(other, OPTIONS), str::to_string),
                ),
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
            n if IGNORED.contains(&n) => None,
            n => match self.spec.spell(n) {
                Some(s) => Some(ActionKind::Cast {
                    spell: s as u16,
                    cycle_targets: cycle,
                }),
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
            Some(kind) => Outcome::Action(Action {
                kind,
                condition,
                line: a.line,
                text: a.text(),
            }),
            None => Outcome::Ignored,
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
