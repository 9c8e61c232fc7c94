//! Compiling a rotation: its text read into lists (`lines`), every action understood (`action`)
//! with its expressions parsed against the spec, then whole-rotation checks (a default list, no
//! empty list, no list that calls itself). Every error is collected; the rotation is built only
//! when there is none.

use super::{
    action::{self, Outcome, Scope},
    check::{ActionSummary, AplCheck},
    compiled::{Action, ActionKind, Apl},
    error::{AplError, Errors, Pos, Span},
    lines::{self, Lines},
};
use crate::spec::Spec;

impl Apl {
    /// Compiles `text` against `spec`; the error is the first one in the text.
    pub fn compile(text: &str, spec: &Spec) -> Result<Apl, AplError> {
        Apl::compile_all(text, spec).map_err(|errors| {
            let origin = Pos { line: 1, column: 1 };
            let unknown = || AplError::new(origin.span(0), "the rotation does not compile");
            errors.into_iter().next().unwrap_or_else(unknown)
        })
    }

    /// Compiles `text` against `spec`; on failure, every error in text order.
    pub fn compile_all(text: &str, spec: &Spec) -> Result<Apl, Vec<AplError>> {
        Apl::check(text, spec).into_result()
    }

    /// Checks `text` against `spec` as an editor needs it: every error (text order, each once,
    /// at most [`MAX_ERRORS`](super::MAX_ERRORS)), every action as written, and the rotation when
    /// there is no error. Never panics; time is about linear in the text's length.
    pub fn check(text: &str, spec: &Spec) -> AplCheck {
        let mut errors = Errors::default();
        let Lines {
            list_names,
            list_pos,
            raw,
            faulty,
            incomplete,
        } = lines::read(text, &mut errors);
        // Variables are declared by `variable,name=X` anywhere.
        let mut variables: Vec<String> = Vec::new();
        for a in raw.iter().filter(|a| a.name.text == "variable") {
            if let Some(v) = a.opt("name") {
                if !variables.iter().any(|x| x == v.text) {
                    variables.push(v.text.to_string());
                }
            }
        }
        let scope = Scope {
            spec,
            vars: &variables,
            lists: &list_names,
        };
        let mut lists: Vec<Vec<Action>> = vec![Vec::new(); list_names.len()];
        // Whether a list has an action other than an ignored one (a faulty one counts).
        let mut written = faulty;
        // Calls between lists: `calls[from]` holds (to, where the callee is named).
        let mut calls: Vec<Vec<(usize, Span)>> = vec![Vec::new(); list_names.len()];
        let mut actions = Vec::with_capacity(raw.len());
        // Per list, a `pool_resource` waiting for the spell it pools for.
        let mut pool_at: Vec<Option<Span>> = vec![None; list_names.len()];
        for a in &raw {
            actions.push(ActionSummary {
                list: list_names[a.list].clone(),
                line: a.line,
                column: a.name.span.start.column,
                end_column: a.name.span.end.column,
                name: a.name.text.to_string(),
                kind: action::class(a.name.text, spec),
            });
            let outcome = scope.action(a, &mut errors);
            if let Some(span) = pool_at[a.list].take() {
                let is_cast = |o: &Outcome| matches!(o, Outcome::Action(x) if matches!(x.kind, ActionKind::Cast { .. }));
                if !is_cast(&outcome) && !matches!(outcome, Outcome::Failed) {
                    errors.push(pool_error(span));
                }
            }
            if matches!(&outcome, Outcome::Action(x) if matches!(x.kind, ActionKind::Pool { .. })) {
                pool_at[a.list] = Some(a.name.span);
            }
            if let (Outcome::Action(act), "precombat") = (&outcome, list_names[a.list].as_str()) {
                if let Some(why) = not_before_the_pull(act) {
                    errors.push(
                        AplError::new(a.name.span, format!("{why} has no effect in actions.precombat"))
                            .with_hint(Some("before the pull a rotation runs spells, items, potions and variables once, in order, each with its if=".into())),
                    );
                }
            }
            match outcome {
                Outcome::Action(act) => {
                    if let (ActionKind::Call(t) | ActionKind::Run(t), Some(n)) =
                        (&act.kind, a.opt("name"))
                    {
                        calls[a.list].push((*t as usize, n.span));
                    }
                    lists[a.list].push(*act);
                    written[a.list] = true;
                }
                Outcome::Failed => written[a.list] = true,
                Outcome::Ignored => {}
            }
        }
        for span in pool_at.into_iter().flatten() {
            errors.push(pool_error(span));
        }
        let default = list_names.iter().position(|n| n == "default");
        if default.is_none() && !incomplete {
            let first = text.lines().next().unwrap_or("");
            let span = Pos { line: 1, column: 1 }.span(first.chars().count());
            errors.push(
                AplError::new(span, "the rotation has no default list")
                    .with_hint(Some("start with actions=SPELL".into())),
            );
        }
        for (i, _) in written.iter().enumerate().filter(|(_, w)| !**w) {
            errors.push(
                AplError::new(
                    list_pos[i],
                    format!("action list '{}' is empty", list_names[i]),
                )
                .with_hint(Some("give it at least one spell".into())),
            );
        }
        cycles(&calls, &list_names, &list_pos, &mut errors);
        let errors = errors.finish();
        let apl = match default {
            Some(default) if errors.is_empty() => Some(Apl {
                precombat: list_names.iter().position(|n| n == "precombat"),
                lists,
                list_names,
                default,
                variables,
            }),
            _ => None,
        };
        AplCheck {
            apl,
            errors,
            actions,
        }
    }
}

/// What in `a` means nothing before the pull (its kind or an option), if anything.
fn not_before_the_pull(a: &Action) -> Option<&'static str> {
    match a.kind {
        ActionKind::Call(_) => Some("call_action_list"),
        ActionKind::Run(_) => Some("run_action_list"),
        ActionKind::Wait(_) => Some("wait"),
        ActionKind::CancelBuff(_) => Some("cancel_buff"),
        ActionKind::Pool { .. } => Some("pool_resource"),
        ActionKind::Cast {
            cycle_targets: true,
            ..
        } => Some("cycle_targets"),
        _ if a.target_if.is_some() => Some("target_if"),
        _ if a.line_cd > 0.0 => Some("line_cd"),
        _ if a.interrupt_if.is_some() => Some("interrupt_if"),
        _ if a.use_off_gcd || a.use_while_casting => Some("use_off_gcd/use_while_casting"),
        _ if a.timing.chain || a.timing.early_chain_if.is_some() => Some("chain/early_chain_if"),
        _ if a.timing.cancel_if.is_some() || a.timing.interrupt_immediate => {
            Some("cancel_if/interrupt_immediate")
        }
        _ if a.timing.sync.is_some() => Some("sync"),
        _ if a.timing.moving.is_some() => Some("moving"),
        _ => None,
    }
}

/// A `pool_resource,for_next=1` not followed by a spell in its list.
fn pool_error(span: Span) -> AplError {
    AplError::new(
        span,
        "pool_resource,for_next=1 must come right before a spell",
    )
    .with_hint(Some("it pools for the next action of its list".into()))
}

/// Reports every call that closes a loop of lists calling each other: such a list would never
/// finish. `calls[l]` are the calls of list `l`, in text order.
fn cycles(calls: &[Vec<(usize, Span)>], names: &[String], pos: &[Span], errors: &mut Errors) {
    // 0: not visited, 1: on the current path, 2: done.
    let mut state = vec![0u8; calls.len()];
    for root in 0..calls.len() {
        if state[root] != 0 {
            continue;
        }
        // Depth-first, without recursion: (list, index of its next call).
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((l, next)) = stack.last_mut() {
            let l = *l;
            let Some(&(t, span)) = calls[l].get(*next) else {
                state[l] = 2;
                stack.pop();
                continue;
            };
            *next += 1;
            match state[t] {
                0 => {
                    state[t] = 1;
                    stack.push((t, 0));
                }
                1 => errors.push(
                    AplError::new(
                        span,
                        format!(
                            "action list '{}' calls itself through '{}'",
                            names[t], names[l]
                        ),
                    )
                    .with_hint(Some(format!(
                        "list '{}' starts at line {}",
                        names[t], pos[t].start.line
                    ))),
                ),
                _ => {}
            }
        }
    }
}
