//! Compiling a rotation: its text read into lists (`lines`), every action's name and options
//! understood and its expressions parsed against the spec, then whole-rotation checks (a default
//! list, no empty list, no list that calls itself).

use super::{
    compiled::{Action, ActionKind, Apl, VarOp},
    error::{suggest, AplError, Pos},
    expr::{Expr, Ty},
    lines::{self, Lines, RawAction},
    parse::Parser,
};
use crate::spec::Spec;

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
/// Action names that are not spells (suggested alongside the spell ids).
const SPECIAL: [&str; 4] = ["call_action_list", "run_action_list", "variable", "wait"];

impl Apl {
    /// Compiles `text` against `spec`.
    pub fn compile(text: &str, spec: &Spec) -> Result<Apl, AplError> {
        let Lines {
            list_names,
            list_pos,
            raw,
        } = lines::read(text)?;
        let origin = Pos { line: 1, column: 1 };
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
            if let Some(action) = action(a, spec, &variables, &list_names)? {
                lists[a.list].push(action);
            }
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

/// Understands one raw action; `None` for SimulationCraft actions that have no effect here.
fn action(
    a: &RawAction,
    spec: &Spec,
    variables: &[String],
    list_names: &[String],
) -> Result<Option<Action>, AplError> {
    let mut condition = None;
    let mut name_opt: Option<(&str, Pos)> = None;
    let mut value_opt: Option<(&str, Pos)> = None;
    let mut op_opt: Option<(&str, Pos)> = None;
    let mut sec_opt: Option<(&str, Pos)> = None;
    let mut cycle = false;
    for &(key, kpos, val, vpos) in &a.opts {
        match key {
            "if" => condition = Some(parse_expr(val, vpos, spec, variables)?.0),
            "name" => name_opt = Some((val.trim(), vpos)),
            "value" => value_opt = Some((val, vpos)),
            "op" => op_opt = Some((val.trim(), vpos)),
            "sec" => sec_opt = Some((val, vpos)),
            "cycle_targets" => cycle = val.trim() == "1",
            other => {
                return Err(
                    AplError::new(kpos, format!("unknown option '{other}'")).with_hint(
                        suggest(other, ["if", "name", "value", "op", "sec", "cycle_targets"]).or(
                            Some("options are if, name, value, op, sec, cycle_targets".into()),
                        ),
                    ),
                )
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
                        .with_hint(suggest(o, ["set", "add", "sub", "min", "max", "reset"])))
                }
            };
            let value = match (value_opt, op) {
                (_, VarOp::Reset) => Expr::Const(0.0),
                (Some((v, p)), _) => parse_expr(v, p, spec, variables)?.0,
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
            Some((v, p)) => ActionKind::Wait(num_expr(v, p, spec, variables)?),
            None => ActionKind::Wait(Expr::Const(0.1)),
        },
        n if IGNORED.contains(&n) => return Ok(None),
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
                return Err(
                    AplError::new(a.name_pos, format!("unknown spell '{n}'")).with_hint(hint)
                );
            }
        },
    };
    Ok(Some(Action {
        kind,
        condition,
        line: a.line,
    }))
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
