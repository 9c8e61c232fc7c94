//! The names a spec offers the rotation editor (completion, hover), listed from the compiler's
//! own tables (`names`, `action`), so everything listed compiles and everything that compiles
//! is listed (but `variable.NAME`, which depends on the rotation, and `spell_targets.ANY`).

use super::{
    action::{no_effect_actions, ITEM_ACTIONS, SPECIAL},
    docs,
    expr::Ty,
    names::{resources, subjects, Subject, FAMILIES, FIXED, PET_PROPS, PREV_GCD_DEPTH, RES_PROPS},
    options::OPTIONS,
};
use crate::spec::Spec;
use serde::{Deserialize, Serialize};

/// What a spec offers a rotation (camelCase on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    /// Spell ids: action names, and the `X` of `cooldown.X…`, `action.X…`, `prev_gcd.N.X`.
    pub spells: Vec<String>,
    /// The character's on-use items: the `ITEM` of `use_item,name=ITEM` (and of `buff.ITEM…`,
    /// `cooldown.ITEM…`).
    #[serde(default)]
    pub items: Vec<String>,
    /// Buff ids: the `X` of `buff.X…`.
    pub buffs: Vec<String>,
    /// Spells that apply a DoT: the `X` of `dot.X…`, `debuff.X…`, `active_dot.X`.
    pub dots: Vec<String>,
    /// Resource names, primary first.
    pub resources: Vec<String>,
    /// The pet's name, if the spec has one.
    pub pet: Option<String>,
    /// Actions that are not spells: `call_action_list`, `run_action_list`, `variable`, `wait`,
    /// `use_items`, and `use_item` and `potion` when the character has items or a potion.
    pub actions: Vec<String>,
    /// SimulationCraft actions accepted without an effect of their own (`snapshot_stats`, and
    /// `auto_attack`, `auto_shot` for a spec with auto-attacks).
    pub ignored_actions: Vec<String>,
    /// Option keys (`if`, `name`, `value`, `op`, `sec`, `cycle_targets`).
    pub options: Vec<String>,
    /// Every expression name this spec accepts, e.g. `buff.hot_streak.up`, `mana.pct`.
    pub expressions: Vec<ExprName>,
    /// One line of help per action (`spell` for a spell of the spec) and option: what an
    /// editor shows on hover.
    #[serde(default)]
    pub help: Vec<Help>,
}

/// A name of the language and its help.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Help {
    /// An action or option name.
    pub name: String,
    /// What it does, with its syntax.
    pub text: String,
}

/// An expression name and what it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExprName {
    /// The name as written in an expression.
    pub name: String,
    /// A condition or a number.
    pub kind: ValueKind,
}

/// What an expression gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ValueKind {
    /// True or false (`buff.x.up`); not allowed in arithmetic or ordering.
    Condition,
    /// A number (`buff.x.stack`); true when non-zero.
    Number,
}

impl From<Ty> for ValueKind {
    fn from(ty: Ty) -> Self {
        match ty {
            Ty::Bool => ValueKind::Condition,
            Ty::Num | Ty::Any => ValueKind::Number,
        }
    }
}

/// The names `spec` offers a rotation.
pub fn vocabulary(spec: &Spec) -> Vocabulary {
    let mut expressions = Vec::new();
    let mut add = |name: String, ty: Ty| {
        expressions.push(ExprName {
            name,
            kind: ty.into(),
        })
    };
    for fam in &FAMILIES {
        for id in subjects(spec, fam.subject) {
            match fam.bare() {
                Some(p) => add(format!("{}.{id}", fam.head), p.ty),
                None => {
                    for p in fam.props {
                        add(format!("{}.{id}.{}", fam.head, p.name), p.ty);
                    }
                }
            }
        }
    }
    for k in 1..=PREV_GCD_DEPTH {
        for id in spec.spell_ids() {
            add(format!("prev_gcd.{k}.{id}"), Ty::Bool);
        }
    }
    let pet = spec.full.pet.as_ref().map(|p| p.name.clone());
    if let Some(pet) = &pet {
        for p in &PET_PROPS {
            add(format!("pet.{}", p.name), p.ty);
            add(format!("pet.{pet}.{}", p.name), p.ty);
        }
    }
    for (name, ty, _) in &FIXED {
        add(name.to_string(), *ty);
    }
    for (r, _) in resources(spec) {
        add(r.to_string(), Ty::Num);
        for (p, _) in RES_PROPS {
            add(format!("{r}.{p}"), Ty::Num);
        }
    }
    let strings = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
    Vocabulary {
        spells: strings(spec.file.spells.iter().map(|s| s.id.as_str()).collect()),
        items: strings(
            spec.items()
                .iter()
                .map(|&s| spec.full.spells[s].id.as_str())
                .collect(),
        ),
        buffs: strings(subjects(spec, Subject::Buff)),
        dots: strings(subjects(spec, Subject::Dot)),
        resources: strings(resources(spec).map(|(n, _)| n).collect()),
        pet,
        actions: strings(
            SPECIAL
                .iter()
                .chain(ITEM_ACTIONS.iter().filter(|a| match **a {
                    "use_item" => !spec.items().is_empty(),
                    "potion" => spec.extras.potion.is_some(),
                    _ => true,
                }))
                .copied()
                .collect(),
        ),
        ignored_actions: strings(no_effect_actions(spec).collect()),
        options: strings(OPTIONS.to_vec()),
        expressions,
        help: docs::ACTIONS
            .iter()
            .chain(&docs::OPTIONS)
            .map(|(name, text)| Help {
                name: name.to_string(),
                text: text.to_string(),
            })
            .collect(),
    }
}
