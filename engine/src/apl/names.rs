//! Resolving the names of an expression (`buff.X.up`, `cooldown.X.charges`, `mana.deficit`…)
//! against the spec and the rotation's variables, with suggestions for what is unknown.

use super::{
    error::{suggest, AplError, Pos},
    expr::{Expr, Res, ResProp, Ty},
};
use crate::spec::Spec;

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

/// Resolves `name` (written at `pos`) to an expression and its type.
pub(super) fn resolve(
    spec: &Spec,
    vars: &[String],
    name: &str,
    pos: Pos,
) -> Result<(Expr, Ty), AplError> {
    let parts: Vec<&str> = name.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(AplError::new(pos, format!("malformed name '{name}'")));
    }
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
            return Err(
                AplError::new(pos, format!("spell '{id}' applies no DoT")).with_hint(Some(hint))
            );
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
            match vars.iter().position(|v| v == parts[1]) {
                Some(i) => n(Expr::Var(i as u16)),
                None => Err(AplError::new(
                    pos,
                    format!(
                        "unknown variable '{}' (set it with variable,name=…)",
                        parts[1]
                    ),
                )
                .with_hint(suggest(parts[1], vars.iter().map(|s| s.as_str())))),
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
