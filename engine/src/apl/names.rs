//! Resolving the names of an expression (`buff.X.up`, `cooldown.X.charges`, `mana.deficit`…)
//! against the spec and the rotation's variables, with suggestions for what is unknown.
//!
//! The names are tables ([`FAMILIES`], [`PET_PROPS`], [`FIXED`], [`RES_PROPS`]): the resolver
//! reads them and so does the editor's vocabulary (`vocabulary.rs`), so both always agree.

use super::{
    error::{closest, AplError, Span},
    expr::{Expr, Res, ResProp, Ty},
};
use crate::spec::Spec;

/// A property of a name: its word, type and the expression it reads (given the subject's index).
pub(super) struct Prop {
    pub name: &'static str,
    pub ty: Ty,
    pub make: fn(u16) -> Expr,
}

const fn prop(name: &'static str, ty: Ty, make: fn(u16) -> Expr) -> Prop {
    Prop { name, ty, make }
}

/// What the `X` of `head.X…` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    Buff,
    /// A spell that applies a DoT.
    Dot,
    Spell,
    /// A variable of the rotation.
    Variable,
}

/// The names `head.X.prop`; `head.X` when its only property has an empty word.
pub(super) struct Family {
    pub head: &'static str,
    pub subject: Subject,
    pub props: &'static [Prop],
}

impl Family {
    /// The property of a `head.X` family.
    pub fn bare(&self) -> Option<&Prop> {
        match self.props {
            [p] if p.name.is_empty() => Some(p),
            _ => None,
        }
    }

    fn form(&self) -> String {
        match self.bare() {
            Some(_) => format!("{}.NAME", self.head),
            None => format!("{}.NAME.{}", self.head, words(self.props).join("|")),
        }
    }
}

fn words(props: &[Prop]) -> Vec<&'static str> {
    props.iter().map(|p| p.name).collect()
}

use Ty::{Bool, Num};

const BUFF_PROPS: [Prop; 5] = [
    prop("up", Bool, Expr::BuffUp),
    prop("down", Bool, |i| Expr::Not(Box::new(Expr::BuffUp(i)))),
    prop("stack", Num, Expr::BuffStack),
    prop("remains", Num, Expr::BuffRemains),
    prop("react", Bool, Expr::BuffReact),
];
const DOT_PROPS: [Prop; 7] = [
    prop("ticking", Bool, Expr::DotTicking),
    prop("up", Bool, Expr::DotTicking),
    prop("down", Bool, |i| Expr::Not(Box::new(Expr::DotTicking(i)))),
    prop("remains", Num, Expr::DotRemains),
    prop("refreshable", Bool, Expr::DotRefreshable),
    prop("ticks_remain", Num, Expr::DotTicksRemain),
    prop("stack", Num, Expr::DotTicking),
];
const CD_PROPS: [Prop; 6] = [
    prop("ready", Bool, Expr::CdReady),
    prop("up", Bool, Expr::CdReady),
    prop("remains", Num, Expr::CdRemains),
    prop("charges", Num, Expr::CdCharges),
    prop("charges_fractional", Num, Expr::CdChargesFrac),
    prop("full_recharge_time", Num, Expr::CdFullRecharge),
];
const ACTION_PROPS: [Prop; 2] = [
    prop("cast_time", Num, Expr::CastTime),
    prop("execute_time", Num, Expr::CastTime),
];

/// Every `head.X.prop` and `head.X` name.
pub(super) const FAMILIES: [Family; 8] = [
    family("buff", Subject::Buff, &BUFF_PROPS),
    family("dot", Subject::Dot, &DOT_PROPS),
    family("debuff", Subject::Dot, &DOT_PROPS),
    family(
        "active_dot",
        Subject::Dot,
        &[prop("", Num, Expr::ActiveDot)],
    ),
    family("cooldown", Subject::Spell, &CD_PROPS),
    family("action", Subject::Spell, &ACTION_PROPS),
    family(
        "prev",
        Subject::Spell,
        &[prop("", Bool, |i| Expr::PrevGcd(1, i))],
    ),
    family("variable", Subject::Variable, &[prop("", Num, Expr::Var)]),
];

const fn family(head: &'static str, subject: Subject, props: &'static [Prop]) -> Family {
    Family {
        head,
        subject,
        props,
    }
}

/// `prev_gcd.N.SPELL` looks back at most this many GCDs.
pub(super) const PREV_GCD_DEPTH: u8 = 3;

/// `pet.PROP` and `pet.NAME.PROP`.
pub(super) const PET_PROPS: [Prop; 3] = [
    prop("active", Bool, |_| Expr::PetActive),
    prop("up", Bool, |_| Expr::PetActive),
    prop("remains", Num, |_| Expr::PetRemains),
];

/// Names that read the fight, the target or the player. `spell_targets` also takes any suffix
/// (SimulationCraft's `spell_targets.SPELL`).
pub(super) const FIXED: [(&str, Ty, Expr); 11] = [
    ("active_enemies", Num, Expr::ActiveEnemies),
    ("spell_targets", Num, Expr::ActiveEnemies),
    ("time", Num, Expr::Time),
    ("fight_remains", Num, Expr::FightRemains),
    ("target.health.pct", Num, Expr::TargetHealthPct),
    ("target.time_to_die", Num, Expr::TargetTimeToDie),
    ("gcd", Num, Expr::GcdMax),
    ("gcd.remains", Num, Expr::GcdRemains),
    ("gcd.max", Num, Expr::GcdMax),
    ("moving", Bool, Expr::Moving),
    ("spell_haste", Num, Expr::SpellHaste),
];

/// `RESOURCE.PROP` (the bare `RESOURCE` is its current value).
pub(super) const RES_PROPS: [(&str, ResProp); 5] = [
    ("deficit", ResProp::Deficit),
    ("pct", ResProp::Pct),
    ("max", ResProp::Max),
    ("current", ResProp::Current),
    ("time_to_max", ResProp::TimeToMax),
];

/// The spec's resources: name and which one.
pub(super) fn resources(spec: &Spec) -> impl Iterator<Item = (&str, Res)> {
    let f = &spec.full;
    let primary = (f.resource.name.as_str(), Res::Primary);
    let secondary = f
        .secondary
        .iter()
        .map(|s| (s.name.as_str(), Res::Secondary));
    std::iter::once(primary).chain(secondary)
}

/// The ids a subject can be, in spec order (variables belong to a rotation: none here).
pub(super) fn subjects(spec: &Spec, subject: Subject) -> Vec<&str> {
    let spells = spec.full.spells.iter();
    match subject {
        Subject::Buff => spec.buff_ids().collect(),
        Subject::Spell => spec.spell_ids().collect(),
        Subject::Dot => spells
            .filter(|s| s.dot.is_some())
            .map(|s| s.id.as_str())
            .collect(),
        Subject::Variable => Vec::new(),
    }
}

/// First words of every name (for suggestions).
fn heads() -> Vec<&'static str> {
    let mut out: Vec<&str> = FAMILIES.iter().map(|f| f.head).collect();
    out.extend(["prev_gcd", "pet"]);
    for (name, _, _) in &FIXED {
        let head = name.split('.').next().unwrap_or(name);
        if !out.contains(&head) {
            out.push(head);
        }
    }
    out
}

/// Resolves `name` (written at `span`) to an expression and its type.
pub(super) fn resolve(
    spec: &Spec,
    vars: &[String],
    name: &str,
    span: Span,
) -> Result<(Expr, Ty), AplError> {
    let err = |message: String| AplError::new(span, message);
    let parts: Vec<&str> = name.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(err(format!("malformed name '{name}'")));
    }
    // `name` with its part `word` (after the first) replaced by `by`: a suggestion's text.
    let swap = |word: &str, by: &str| -> String {
        let mut done = false;
        let fixed: Vec<&str> = (parts.iter().enumerate())
            .map(|(i, p)| match i > 0 && !done && *p == word {
                true => {
                    done = true;
                    by
                }
                false => p,
            })
            .collect();
        fixed.join(".")
    };
    // The property is always the end of `name`.
    let prop_err = |what: &str, prop: &str, options: &[&str]| {
        err(format!(
            "unknown property '{prop}' of {what} (expected one of: {})",
            options.join(", ")
        ))
        .did_you_mean(closest(prop, options.iter().copied()), |c| {
            format!("{}{c}", name.strip_suffix(prop).unwrap_or_default())
        })
    };
    let spell = |id: &str| -> Result<u16, AplError> {
        spec.spell(id).map(|i| i as u16).ok_or_else(|| {
            err(format!("unknown spell '{id}'"))
                .did_you_mean(closest(id, spec.spell_ids()), |c| swap(id, c))
        })
    };
    let subject = |kind: Subject, id: &str| -> Result<u16, AplError> {
        match kind {
            Subject::Spell => spell(id),
            Subject::Dot => {
                let s = spell(id)?;
                if spec.full.spells[s as usize].dot.is_some() {
                    return Ok(s);
                }
                let dots = subjects(spec, Subject::Dot);
                let hint = if dots.is_empty() {
                    "no spell of this spec applies a DoT".to_string()
                } else {
                    format!("spells with a DoT: {}", dots.join(", "))
                };
                Err(err(format!("spell '{id}' applies no DoT")).with_hint(Some(hint)))
            }
            Subject::Buff => spec.buff(id).map(|i| i as u16).ok_or_else(|| {
                err(format!("unknown buff '{id}'"))
                    .did_you_mean(closest(id, spec.buff_ids()), |c| swap(id, c))
            }),
            Subject::Variable => match vars.iter().position(|v| v == id) {
                Some(i) => Ok(i as u16),
                None => Err(err(format!(
                    "unknown variable '{id}' (set it with variable,name=…)"
                ))
                .did_you_mean(closest(id, vars.iter().map(|s| s.as_str())), |c| {
                    swap(id, c)
                })),
            },
        }
    };
    // Property `p` of `props`; `what` names the subject in the error.
    let pick = |props: &[Prop], p: &str, what: &dyn Fn() -> String, id: u16| match props
        .iter()
        .find(|x| x.name == p)
    {
        Some(x) => Ok(((x.make)(id), x.ty)),
        None => Err(prop_err(&what(), p, &words(props))),
    };
    let head = parts[0];
    if let Some(fam) = FAMILIES.iter().find(|f| f.head == head) {
        let arity = if fam.bare().is_some() { 2 } else { 3 };
        if parts.len() != arity {
            return Err(err(format!("'{name}' is not of the form {}", fam.form())));
        }
        let id = subject(fam.subject, parts[1])?;
        return match fam.bare() {
            Some(p) => Ok(((p.make)(id), p.ty)),
            None => pick(fam.props, parts[2], &|| format!("{head}.{}", parts[1]), id),
        };
    }
    match head {
        "prev_gcd" => {
            if parts.len() != 3 {
                return Err(err(format!("'{name}' is not of the form prev_gcd.N.SPELL")));
            }
            let k: u8 = match parts[1].parse() {
                Ok(k) if (1..=PREV_GCD_DEPTH).contains(&k) => k,
                _ => {
                    return Err(err(format!(
                        "prev_gcd.{} : N must be 1, 2 or {PREV_GCD_DEPTH}",
                        parts[1]
                    )))
                }
            };
            return Ok((Expr::PrevGcd(k, spell(parts[2])?), Bool));
        }
        "pet" => {
            let Some(pet) = &spec.full.pet else {
                return Err(err("this spec has no pet".into()));
            };
            let p = match parts.len() {
                2 => parts[1],
                3 if parts[1] == pet.name => parts[2],
                3 => {
                    return Err(err(format!("unknown pet '{}'", parts[1]))
                        .did_you_mean(closest(parts[1], [pet.name.as_str()]), |c| {
                            swap(parts[1], c)
                        }))
                }
                _ => {
                    return Err(err(format!(
                        "'{name}' is not of the form pet.{}.active",
                        pet.name
                    )))
                }
            };
            return pick(&PET_PROPS, p, &|| "pet".into(), 0);
        }
        "spell_targets" => return Ok((Expr::ActiveEnemies, Num)),
        _ => {}
    }
    if let Some((_, ty, e)) = FIXED.iter().find(|(n, _, _)| *n == name) {
        return Ok((e.clone(), *ty));
    }
    if FIXED
        .iter()
        .any(|(n, _, _)| n.split('.').next() == Some(head))
    {
        let props: Vec<&str> = FIXED
            .iter()
            .filter_map(|(n, _, _)| n.strip_prefix(head)?.strip_prefix('.'))
            .collect();
        if props.is_empty() {
            return Err(err(format!("'{name}' is not of the form {head}")));
        }
        let rest = name.split_once('.').map_or("", |(_, r)| r);
        let e = prop_err(head, rest, &props);
        let with_head: Vec<String> = props.iter().map(|p| format!("{head}.{p}")).collect();
        let hint = e
            .hint
            .clone()
            .or(Some(format!("use {}", with_head.join(" or "))));
        return Err(e.with_hint(hint));
    }
    if let Some((_, res)) = resources(spec).find(|(n, _)| *n == head) {
        let prop = match &parts[1..] {
            [] => Some(ResProp::Current),
            [p] => RES_PROPS
                .iter()
                .find(|(n, _)| n == p)
                .map(|&(_, prop)| prop),
            _ => None,
        };
        return match prop {
            Some(prop) => Ok((Expr::Resource(res, prop), Num)),
            None => Err(prop_err(head, parts[1], &RES_PROPS.map(|(n, _)| n))),
        };
    }
    Err(unknown(spec, name, head, span))
}

/// An unknown first word `first` of `name`: a resource this spec lacks, or a name with a
/// suggestion.
fn unknown(spec: &Spec, name: &str, first: &str, span: Span) -> AplError {
    let mut names: Vec<&str> = heads();
    names.extend(resources(spec).map(|(n, _)| n));
    let near = closest(first, names);
    // A bare buff or spell id: the condition it most likely means.
    let meant = if spec.buff(first).is_some() {
        Some(format!("buff.{first}.up"))
    } else if spec.spell(first).is_some() {
        Some(format!("cooldown.{first}.ready"))
    } else {
        None
    };
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
    let error = AplError::new(span, format!("{what} '{first}'"));
    match (near, meant) {
        (Some(_), _) => error.did_you_mean(near, |c| format!("{c}{}", &name[first.len()..])),
        // Only a bare id is replaced whole: `hot_streak.stack` is not `buff.hot_streak.up`.
        (None, Some(meant)) if name == first => error.did_you_mean(Some(&meant), str::to_string),
        (None, meant) => error.with_hint(meant.map(|m| format!("did you mean '{m}'?"))),
    }
}
