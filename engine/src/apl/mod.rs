//! The rotation language: SimulationCraft-style action priority lists (APL).
//!
//! ```text
//! actions.precombat=variable,name=burst,value=0
//! actions=combustion,if=cooldown.combustion.ready
//! actions+=/call_action_list,name=aoe,if=active_enemies>=3
//! actions+=/pyroblast,if=buff.hot_streak.up
//! actions+=/fireball
//! actions.aoe=flamestrike
//! ```
//! [`Apl::compile`] turns the text into lists of [`Action`]s whose conditions are [`Expr`] trees
//! over spec indices; errors carry line:column and a hint.

mod error;
mod expr;

pub use error::AplError;
use error::{suggest, Pos};
pub use expr::{BinOp, Expr, Res, ResProp};
use expr::{Parser, Ty};

use crate::spec::Spec;

/// Largest APL text accepted (bytes).
pub const MAX_APL_BYTES: usize = 64 * 1024;
/// Most actions across all lists.
pub const MAX_ACTIONS: usize = 512;

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
}

/// One line item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// What it does.
    pub kind: ActionKind,
    /// `if=` condition.
    pub condition: Option<Expr>,
    /// Where it was written (1-based line).
    pub line: usize,
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

/// SimulationCraft actions that have no effect here and are accepted silently.
const IGNORED: [&str; 8] = [
    "snapshot_stats",
    "flask",
    "food",
    "augmentation",
    "potion",
    "auto_attack",
    "auto_shot",
    "use_items",
];
const SPECIAL: [&str; 4] = ["call_action_list", "run_action_list", "variable", "wait"];

struct RawAction<'t> {
    list: usize,
    name: &'t str,
    name_pos: Pos,
    opts: Vec<(&'t str, Pos, &'t str, Pos)>,
    line: usize,
}

impl Apl {
    /// Compiles `text` against `spec`.
    pub fn compile(text: &str, spec: &Spec) -> Result<Apl, AplError> {
        let origin = Pos { line: 1, column: 1 };
        if text.len() > MAX_APL_BYTES {
            return Err(AplError::new(
                origin,
                format!(
                    "rotation is {} bytes; the limit is {MAX_APL_BYTES}",
                    text.len()
                ),
            ));
        }
        let mut list_names: Vec<String> = Vec::new();
        let mut list_pos: Vec<Pos> = Vec::new();
        let mut raw: Vec<RawAction> = Vec::new();

        for (li, line) in text.lines().enumerate() {
            let lineno = li + 1;
            let trimmed = line.trim_start();
            let indent = line.chars().count() - trimmed.chars().count();
            let trimmed = trimmed.trim_end();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let at = |chars: usize| Pos {
                line: lineno,
                column: 1 + indent + chars,
            };
            let Some(eq) = trimmed.find('=') else {
                return Err(
                    AplError::new(at(0), "expected 'actions=…' or 'actions+=/…'")
                        .with_hint(Some("every line assigns to an action list".into())),
                );
            };
            let (head, append) = match trimmed[..eq].strip_suffix('+') {
                Some(h) => (h, true),
                None => (&trimmed[..eq], false),
            };
            let list_name = match head.trim_end() {
                "actions" => "default",
                h => match h.strip_prefix("actions.") {
                    Some(n)
                        if !n.is_empty()
                            && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                    {
                        n
                    }
                    _ => {
                        return Err(AplError::new(at(0), format!("'{h}' is not an action list"))
                            .with_hint(Some(
                                "write actions=…, actions+=/…, or actions.NAME=…".into(),
                            )))
                    }
                },
            };
            let list = match list_names.iter().position(|n| n == list_name) {
                Some(i) => {
                    if !append {
                        return Err(AplError::new(
                            at(0),
                            format!("action list '{list_name}' is assigned twice"),
                        )
                        .with_hint(Some("use += to append".into())));
                    }
                    i
                }
                None => {
                    list_names.push(list_name.to_string());
                    list_pos.push(at(0));
                    list_names.len() - 1
                }
            };
            // Value: actions separated by '/'.
            let value_start = eq + 1;
            let value = &trimmed[value_start..];
            let mut offset = trimmed[..value_start].chars().count();
            for piece in value.split('/') {
                let piece_chars = piece.chars().count();
                let piece_off = offset;
                offset += piece_chars + 1;
                if piece.trim().is_empty() {
                    continue;
                }
                let mut fields = Vec::new();
                let mut foff = piece_off;
                for field in piece.split(',') {
                    fields.push((field, foff));
                    foff += field.chars().count() + 1;
                }
                let (name_text, name_off) = fields[0];
                let lead = name_text.chars().count() - name_text.trim_start().chars().count();
                let name = name_text.trim();
                let name_pos = at(name_off + lead);
                if name.is_empty() {
                    return Err(AplError::new(name_pos, "empty action name"));
                }
                let mut opts = Vec::new();
                for &(field, off) in &fields[1..] {
                    let Some(e) = field.find('=') else {
                        return Err(AplError::new(
                            at(off),
                            format!("option '{}' has no value", field.trim()),
                        )
                        .with_hint(Some(
                            "options are written key=value, e.g. if=buff.x.up".into(),
                        )));
                    };
                    let key = field[..e].trim();
                    let key_lead =
                        field[..e].chars().count() - field[..e].trim_start().chars().count();
                    let val = &field[e + 1..];
                    let val_off = off + field[..e + 1].chars().count();
                    opts.push((key, at(off + key_lead), val, at(val_off)));
                }
                raw.push(RawAction {
                    list,
                    name,
                    name_pos,
                    opts,
                    line: lineno,
                });
                if raw.len() > MAX_ACTIONS {
                    return Err(AplError::new(
                        name_pos,
                        format!("more than {MAX_ACTIONS} actions"),
                    ));
                }
            }
        }

        let Some(default) = list_names.iter().position(|n| n == "default") else {
            return Err(AplError::new(origin, "the rotation has no default list")
                .with_hint(Some("start with actions=SPELL".into())));
        };
        // Variables are declared by `variable,name=X` anywhere.
        let mut variables: Vec<String> = Vec::new();
        for a in raw.iter().filter(|a| a.name == "variable") {
            if let Some((_, _, v, _)) = a.opts.iter().find(|o| o.0 == "name") {
                let v = v.trim();
                if !variables.iter().any(|x| x == v) {
                    variables.push(v.to_string());
                }
            }
        }

        let mut lists: Vec<Vec<Action>> = vec![Vec::new(); list_names.len()];
        for a in &raw {
            let mut condition = None;
            let mut name_opt: Option<(&str, Pos)> = None;
            let mut value_opt: Option<(&str, Pos)> = None;
            let mut op_opt: Option<(&str, Pos)> = None;
            let mut sec_opt: Option<(&str, Pos)> = None;
            let mut cycle = false;
            for &(key, kpos, val, vpos) in &a.opts {
                match key {
                    "if" => condition = Some(parse_expr(val, vpos, spec, &variables)?.0),
                    "name" => name_opt = Some((val.trim(), vpos)),
                    "value" => value_opt = Some((val, vpos)),
                    "op" => op_opt = Some((val.trim(), vpos)),
                    "sec" => sec_opt = Some((val, vpos)),
                    "cycle_targets" => cycle = val.trim() == "1",
                    other => {
                        return Err(AplError::new(kpos, format!("unknown option '{other}'"))
                            .with_hint(
                                suggest(
                                    other,
                                    ["if", "name", "value", "op", "sec", "cycle_targets"],
                                )
                                .or(Some(
                                    "options are if, name, value, op, sec, cycle_targets".into(),
                                )),
                            ))
                    }
                }
            }
            let list_ref = |what: &str| -> Result<u16, AplError> {
                let Some((n, p)) = name_opt else {
                    return Err(AplError::new(a.name_pos, format!("{what} needs name=LIST")));
                };
                list_names
                    .iter()
                    .position(|x| x == n)
                    .map(|i| i as u16)
                    .ok_or_else(|| {
                        AplError::new(p, format!("unknown action list '{n}'"))
                            .with_hint(suggest(n, list_names.iter().map(|s| s.as_str())))
                    })
            };
            let kind = match a.name {
                "call_action_list" => ActionKind::Call(list_ref("call_action_list")?),
                "run_action_list" => ActionKind::Run(list_ref("run_action_list")?),
                "variable" => {
                    let Some((n, _)) = name_opt else {
                        return Err(AplError::new(a.name_pos, "variable needs name=NAME"));
                    };
                    let var = variables.iter().position(|x| x == n).unwrap_or(0) as u16;
                    let op = match op_opt {
                        None | Some(("set", _)) => VarOp::Set,
                        Some(("add", _)) => VarOp::Add,
                        Some(("sub", _)) => VarOp::Sub,
                        Some(("min", _)) => VarOp::Min,
                        Some(("max", _)) => VarOp::Max,
                        Some(("reset", _)) => VarOp::Reset,
                        Some((o, p)) => {
                            return Err(AplError::new(p, format!("unknown variable op '{o}'"))
                                .with_hint(suggest(
                                    o,
                                    ["set", "add", "sub", "min", "max", "reset"],
                                )))
                        }
                    };
                    let value = match (value_opt, op) {
                        (_, VarOp::Reset) => Expr::Const(0.0),
                        (Some((v, p)), _) => parse_expr(v, p, spec, &variables)?.0,
                        (None, _) => {
                            return Err(AplError::new(
                                a.name_pos,
                                format!("variable '{n}' needs value=EXPR"),
                            ))
                        }
                    };
                    ActionKind::Variable { var, op, value }
                }
                "wait" => match sec_opt {
                    Some((v, p)) => ActionKind::Wait(num_expr(v, p, spec, &variables)?),
                    None => ActionKind::Wait(Expr::Const(0.1)),
                },
                n if IGNORED.contains(&n) => continue,
                n => match spec.spell(n) {
                    Some(s) => ActionKind::Cast {
                        spell: s as u16,
                        cycle_targets: cycle,
                    },
                    None => {
                        let hint = suggest(n, spec.spell_ids().chain(SPECIAL)).or_else(|| {
                            spec.buff(n)
                                .map(|_| format!("'{n}' is a buff; spells apply it"))
                        });
                        return Err(AplError::new(a.name_pos, format!("unknown spell '{n}'"))
                            .with_hint(hint));
                    }
                },
            };
            lists[a.list].push(Action {
                kind,
                condition,
                line: a.line,
            });
        }
        for (i, l) in lists.iter().enumerate() {
            if l.is_empty() {
                return Err(AplError::new(
                    list_pos[i],
                    format!("action list '{}' is empty", list_names[i]),
                )
                .with_hint(Some("give it at least one spell".into())));
            }
        }
        let apl = Apl {
            precombat: list_names.iter().position(|n| n == "precombat"),
            lists,
            list_names,
            default,
            variables,
        };
        apl.check_cycles(&list_pos)?;
        Ok(apl)
    }

    /// Rejects lists that call themselves (directly or not): they would never finish.
    fn check_cycles(&self, list_pos: &[Pos]) -> Result<(), AplError> {
        fn visit(apl: &Apl, l: usize, state: &mut [u8], pos: &[Pos]) -> Result<(), AplError> {
            state[l] = 1;
            for a in &apl.lists[l] {
                if let ActionKind::Call(t) | ActionKind::Run(t) = a.kind {
                    let t = t as usize;
                    if state[t] == 1 {
                        return Err(AplError::new(
                            Pos {
                                line: a.line,
                                column: 1,
                            },
                            format!(
                                "action list '{}' calls itself through '{}'",
                                apl.list_names[t], apl.list_names[l]
                            ),
                        )
                        .with_hint(Some(format!(
                            "list '{}' starts at line {}",
                            apl.list_names[t], pos[t].line
                        ))));
                    }
                    if state[t] == 0 {
                        visit(apl, t, state, pos)?;
                    }
                }
            }
            state[l] = 2;
            Ok(())
        }
        let mut state = vec![0u8; self.lists.len()];
        for l in 0..self.lists.len() {
            if state[l] == 0 {
                visit(self, l, &mut state, list_pos)?;
            }
        }
        Ok(())
    }
}

fn parse_expr(src: &str, pos: Pos, spec: &Spec, vars: &[String]) -> Result<(Expr, Ty), AplError> {
    Parser::parse(src, pos, spec, vars)
}

fn num_expr(src: &str, pos: Pos, spec: &Spec, vars: &[String]) -> Result<Expr, AplError> {
    let (e, t) = parse_expr(src, pos, spec, vars)?;
    if t == Ty::Bool {
        return Err(AplError::new(
            pos,
            "type error: expected a number of seconds, found a condition",
        ));
    }
    Ok(e)
}
