//! Spec files: a class specialisation's spellbook, buffs, resources, default character and rotation.
//!
//! The TOML format is documented in `engine/README.md`. [`Spec::from_toml`] parses and checks a
//! file; every cross-reference is resolved to an index once, so the simulator never looks up names.

use crate::stats::Character;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a spec's mastery amplifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MasteryEffect {
    /// All damage.
    AllDamage,
    /// Periodic damage of DoTs.
    DotDamage,
    /// Damage of spells that spend the secondary resource.
    SpenderDamage,
    /// Pet damage.
    PetDamage,
}

/// The primary resource (mana, energy, focus, rage…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceDef {
    /// Name used in the APL (`mana`, `energy.deficit`).
    pub name: String,
    /// Maximum.
    pub max: f64,
    /// Regeneration per second.
    #[serde(default)]
    pub regen: f64,
    /// Whether haste speeds up regeneration.
    #[serde(default)]
    pub hasted_regen: bool,
    /// Value at the pull; defaults to `max`.
    #[serde(default)]
    pub start: Option<f64>,
}

/// A secondary resource (combo points, holy power…), gained and spent by spells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondaryDef {
    /// Name used in the APL.
    pub name: String,
    /// Maximum points.
    pub max: f64,
}

/// The spec's mastery: what it amplifies and how much per mastery point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MasteryDef {
    /// What it amplifies.
    pub effect: MasteryEffect,
    /// Percent of effect per mastery point.
    pub per_point: f64,
}

/// A damage-over-time effect a spell applies to its target(s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DotDef {
    /// Damage per tick as a multiple of power.
    pub coefficient: f64,
    /// Base duration in seconds.
    pub duration: f64,
    /// Base time between ticks in seconds.
    pub tick: f64,
    /// Whether haste shortens the tick interval (more ticks in the same duration).
    #[serde(default = "yes")]
    pub hasted: bool,
}

/// A channelled spell: damage in ticks while the player channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelDef {
    /// Base channel duration (hasted).
    pub duration: f64,
    /// Number of ticks.
    pub ticks: u32,
    /// Damage per tick as a multiple of power.
    pub coefficient: f64,
}

/// One spell of the spellbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellDef {
    /// Identifier used in the APL.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Base cast time in seconds (0 = instant), hasted.
    #[serde(default)]
    pub cast_time: f64,
    /// Base global cooldown (hasted, floor 0.75 s); 0 = off the GCD.
    #[serde(default = "default_gcd")]
    pub gcd: f64,
    /// Cooldown per charge in seconds.
    #[serde(default)]
    pub cooldown: f64,
    /// Whether haste shortens the cooldown.
    #[serde(default)]
    pub hasted_cooldown: bool,
    /// Maximum charges.
    #[serde(default = "one")]
    pub charges: u32,
    /// Primary resource cost.
    #[serde(default)]
    pub cost: f64,
    /// Primary resource generated.
    #[serde(default)]
    pub gain: f64,
    /// Secondary points generated.
    #[serde(default)]
    pub secondary_gain: f64,
    /// Secondary points required; all current points are spent and scale the damage.
    #[serde(default)]
    pub secondary_cost: f64,
    /// Direct damage as a multiple of power (per secondary point spent, for spenders).
    #[serde(default)]
    pub coefficient: f64,
    /// Damage spread: each hit is multiplied by a uniform draw in `1 ± variance`.
    #[serde(default)]
    pub variance: f64,
    /// Extra crit chance for this spell (0..1).
    #[serde(default)]
    pub crit_bonus: f64,
    /// Targets hit by the direct damage and DoT (1 = single target).
    #[serde(default = "one")]
    pub aoe_cap: u32,
    /// DoT applied on the target(s).
    #[serde(default)]
    pub dot: Option<DotDef>,
    /// Channel instead of a hard cast.
    #[serde(default)]
    pub channel: Option<ChannelDef>,
    /// Buff applied to the player on cast.
    #[serde(default)]
    pub applies_buff: Option<String>,
    /// Buff that must be up to cast this spell.
    #[serde(default)]
    pub requires_buff: Option<String>,
    /// Castable while moving even with a cast time.
    #[serde(default)]
    pub movable: bool,
    /// Only usable when the target's health is below this fraction (0 = always).
    #[serde(default)]
    pub execute_below: f64,
    /// Summons the spec's pet.
    #[serde(default)]
    pub summons_pet: bool,
}

/// When a proc may trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerOn {
    /// A spell is cast.
    Cast,
    /// A direct hit lands (crit or not).
    Hit,
    /// A direct hit crits.
    Crit,
    /// A DoT or channel ticks.
    Tick,
    /// An auto-attack lands.
    AutoAttack,
}

/// A proc: when the buff is triggered by chance or RPPM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerDef {
    /// The event that may trigger.
    pub on: TriggerOn,
    /// Spells whose events count (empty = any).
    #[serde(default)]
    pub spells: Vec<String>,
    /// Flat chance per event (0..1).
    #[serde(default)]
    pub chance: f64,
    /// Real procs per minute (with bad-luck protection); used when > 0 instead of `chance`.
    #[serde(default)]
    pub rppm: f64,
    /// Whether haste raises the RPPM rate.
    #[serde(default)]
    pub haste_scaled: bool,
}

/// A buff on the player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuffDef {
    /// Identifier used in the APL.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Duration in seconds; a re-application refreshes it.
    pub duration: f64,
    /// Maximum stacks; a re-application adds one.
    #[serde(default = "one")]
    pub max_stacks: u32,
    /// Damage bonus per stack (0.1 = +10 %).
    #[serde(default)]
    pub damage_pct: f64,
    /// Haste bonus per stack.
    #[serde(default)]
    pub haste_pct: f64,
    /// Crit chance bonus per stack.
    #[serde(default)]
    pub crit_pct: f64,
    /// Spells whose next cast becomes instant; casting one consumes the buff.
    #[serde(default)]
    pub makes_instant: Vec<String>,
    /// Spells whose cast consumes the buff.
    #[serde(default)]
    pub consumed_by: Vec<String>,
    /// How the buff procs (besides spells' `applies_buff`).
    #[serde(default)]
    pub trigger: Option<TriggerDef>,
    /// Spell whose cooldown is reset when the buff is gained.
    #[serde(default)]
    pub resets_cooldown: Option<String>,
}

/// Auto-attacks on a (hasted) swing timer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoAttackDef {
    /// Base swing time in seconds.
    pub speed: f64,
    /// Damage per swing as a multiple of power.
    pub coefficient: f64,
    /// Primary resource generated per swing.
    #[serde(default)]
    pub gain: f64,
    /// Damage spread.
    #[serde(default)]
    pub variance: f64,
}

/// A pet that attacks on its own timer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetDef {
    /// Identifier used in the APL (`pet.NAME.active`).
    pub name: String,
    /// Seconds between attacks (hasted by the owner's haste).
    pub speed: f64,
    /// Damage per attack as a multiple of the owner's power.
    pub coefficient: f64,
    /// Seconds a summon lasts; 0 = permanent and present from the pull.
    #[serde(default)]
    pub duration: f64,
}

/// A spec file as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Identifier (`--spec ID`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Class name.
    pub class: String,
    /// Specialisation name.
    pub spec: String,
    /// Short description.
    #[serde(default)]
    pub description: String,
    /// Primary resource.
    pub resource: ResourceDef,
    /// Secondary resource.
    #[serde(default)]
    pub secondary: Option<SecondaryDef>,
    /// Mastery.
    pub mastery: MasteryDef,
    /// Default character.
    pub character: Character,
    /// Auto-attacks.
    #[serde(default)]
    pub auto_attack: Option<AutoAttackDef>,
    /// Pet.
    #[serde(default)]
    pub pet: Option<PetDef>,
    /// Spellbook.
    pub spells: Vec<SpellDef>,
    /// Buffs.
    #[serde(default)]
    pub buffs: Vec<BuffDef>,
    /// Default rotation (APL text).
    pub apl: String,
}

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}
fn default_gcd() -> f64 {
    1.5
}

/// Limits that keep a spec small enough to simulate quickly.
pub const MAX_SPELLS: usize = 64;
/// Maximum buffs in a spec.
pub const MAX_BUFFS: usize = 64;

/// Why a spec file was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    /// Not valid TOML, or not the expected shape.
    #[error("spec file: {0}")]
    Parse(String),
    /// A value or reference is invalid.
    #[error("spec '{spec}': {field}: {message}")]
    Invalid {
        /// Spec id.
        spec: String,
        /// Where (e.g. `spells[fireball].cooldown`).
        field: String,
        /// What is wrong.
        message: String,
    },
}

/// A checked spec with every name resolved to an index.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The file's content.
    pub file: SpecFile,
    /// Per buff: spells (indices) it makes instant.
    pub(crate) instant_for: Vec<Vec<usize>>,
    /// Per buff: spells that consume it.
    pub(crate) consumed_by: Vec<Vec<usize>>,
    /// Per buff: spells whose events can trigger it (empty = any).
    pub(crate) trigger_spells: Vec<Vec<usize>>,
    /// Per buff: the cooldown it resets.
    pub(crate) resets: Vec<Option<usize>>,
    /// Per spell: the buff applied.
    pub(crate) applies: Vec<Option<usize>>,
    /// Per spell: the buff required.
    pub(crate) requires: Vec<Option<usize>>,
    spell_index: HashMap<String, usize>,
    buff_index: HashMap<String, usize>,
}

impl Spec {
    /// Parses and checks a spec file.
    pub fn from_toml(text: &str) -> Result<Spec, SpecError> {
        let file: SpecFile = toml::from_str(text).map_err(|e| SpecError::Parse(e.to_string()))?;
        Spec::from_file(file)
    }

    /// Checks a parsed spec file.
    pub fn from_file(file: SpecFile) -> Result<Spec, SpecError> {
        let id = file.id.clone();
        let bad = |field: String, message: &str| SpecError::Invalid {
            spec: id.clone(),
            field,
            message: message.to_string(),
        };
        let ident = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && s.as_bytes()[0].is_ascii_lowercase()
        };
        if !ident(&file.id) {
            return Err(bad("id".into(), "must be lower_snake_case (a-z, 0-9, _)"));
        }
        if file.spells.is_empty() || file.spells.len() > MAX_SPELLS {
            return Err(bad("spells".into(), "must list 1 to 64 spells"));
        }
        if file.buffs.len() > MAX_BUFFS {
            return Err(bad("buffs".into(), "at most 64 buffs"));
        }
        let num = |field: String, v: f64, lo: f64, hi: f64| -> Result<(), SpecError> {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(SpecError::Invalid {
                    spec: id.clone(),
                    field,
                    message: format!("{v} is outside {lo}..={hi}"),
                })
            }
        };
        let r = &file.resource;
        if !ident(&r.name) {
            return Err(bad("resource.name".into(), "must be lower_snake_case"));
        }
        num("resource.max".into(), r.max, 1.0, 1e9)?;
        num("resource.regen".into(), r.regen, 0.0, 1e9)?;
        if let Some(s) = r.start {
            num("resource.start".into(), s, 0.0, r.max)?;
        }
        if let Some(s) = &file.secondary {
            if !ident(&s.name) || s.name == r.name {
                return Err(bad(
                    "secondary.name".into(),
                    "must be lower_snake_case and differ from the resource",
                ));
            }
            num("secondary.max".into(), s.max, 1.0, 100.0)?;
        }
        num(
            "mastery.per_point".into(),
            file.mastery.per_point,
            0.0,
            100.0,
        )?;
        let c = &file.character;
        for (n, v) in [
            ("primary", c.primary),
            ("crit", c.crit),
            ("haste", c.haste),
            ("mastery", c.mastery),
            ("versatility", c.versatility),
        ] {
            num(format!("character.{n}"), v, 0.0, 1e7)?;
        }
        if let Some(a) = &file.auto_attack {
            num("auto_attack.speed".into(), a.speed, 0.1, 10.0)?;
            num("auto_attack.coefficient".into(), a.coefficient, 0.0, 1e3)?;
            num("auto_attack.gain".into(), a.gain, 0.0, 1e9)?;
            num("auto_attack.variance".into(), a.variance, 0.0, 0.9)?;
        }
        if let Some(p) = &file.pet {
            if !ident(&p.name) {
                return Err(bad("pet.name".into(), "must be lower_snake_case"));
            }
            num("pet.speed".into(), p.speed, 0.1, 10.0)?;
            num("pet.coefficient".into(), p.coefficient, 0.0, 1e3)?;
            num("pet.duration".into(), p.duration, 0.0, 3600.0)?;
        }

        let mut spell_index = HashMap::new();
        for (i, s) in file.spells.iter().enumerate() {
            let f = |k: &str| format!("spells[{}].{k}", s.id);
            if !ident(&s.id) {
                return Err(bad(format!("spells[{i}].id"), "must be lower_snake_case"));
            }
            if spell_index.insert(s.id.clone(), i).is_some() {
                return Err(bad(f("id"), "duplicate spell id"));
            }
            num(f("cast_time"), s.cast_time, 0.0, 60.0)?;
            num(f("gcd"), s.gcd, 0.0, 5.0)?;
            num(f("cooldown"), s.cooldown, 0.0, 3600.0)?;
            num(f("charges"), s.charges as f64, 1.0, 10.0)?;
            num(f("cost"), s.cost, 0.0, r.max)?;
            num(f("gain"), s.gain, 0.0, 1e9)?;
            num(f("secondary_gain"), s.secondary_gain, 0.0, 100.0)?;
            num(f("secondary_cost"), s.secondary_cost, 0.0, 100.0)?;
            num(f("coefficient"), s.coefficient, 0.0, 1e3)?;
            num(f("variance"), s.variance, 0.0, 0.9)?;
            num(f("crit_bonus"), s.crit_bonus, 0.0, 1.0)?;
            num(f("aoe_cap"), s.aoe_cap as f64, 1.0, 20.0)?;
            num(f("execute_below"), s.execute_below, 0.0, 1.0)?;
            if s.gcd == 0.0 && s.cooldown == 0.0 && s.cast_time == 0.0 && s.channel.is_none() {
                return Err(bad(
                    f("gcd"),
                    "a spell off the GCD needs a cooldown or a cast time",
                ));
            }
            if (s.secondary_gain > 0.0 || s.secondary_cost > 0.0) && file.secondary.is_none() {
                return Err(bad(f("secondary"), "the spec has no [secondary] resource"));
            }
            if s.summons_pet && file.pet.as_ref().is_none_or(|p| p.duration <= 0.0) {
                return Err(bad(f("summons_pet"), "needs a [pet] with a duration"));
            }
            if let Some(d) = &s.dot {
                num(f("dot.coefficient"), d.coefficient, 0.0, 1e3)?;
                num(f("dot.duration"), d.duration, 0.5, 600.0)?;
                num(f("dot.tick"), d.tick, 0.25, d.duration)?;
            }
            if let Some(c) = &s.channel {
                num(f("channel.duration"), c.duration, 0.25, 30.0)?;
                num(f("channel.ticks"), c.ticks as f64, 1.0, 100.0)?;
                num(f("channel.coefficient"), c.coefficient, 0.0, 1e3)?;
                if s.cast_time > 0.0 {
                    return Err(bad(f("channel"), "a channel has no cast_time"));
                }
            }
        }
        let mut buff_index = HashMap::new();
        for (i, b) in file.buffs.iter().enumerate() {
            let f = |k: &str| format!("buffs[{}].{k}", b.id);
            if !ident(&b.id) {
                return Err(bad(format!("buffs[{i}].id"), "must be lower_snake_case"));
            }
            if buff_index.insert(b.id.clone(), i).is_some() {
                return Err(bad(f("id"), "duplicate buff id"));
            }
            num(f("duration"), b.duration, 0.1, 3600.0)?;
            num(f("max_stacks"), b.max_stacks as f64, 1.0, 100.0)?;
            num(f("damage_pct"), b.damage_pct, 0.0, 10.0)?;
            num(f("haste_pct"), b.haste_pct, 0.0, 10.0)?;
            num(f("crit_pct"), b.crit_pct, 0.0, 1.0)?;
            if let Some(t) = &b.trigger {
                num(f("trigger.chance"), t.chance, 0.0, 1.0)?;
                num(f("trigger.rppm"), t.rppm, 0.0, 60.0)?;
                if t.chance == 0.0 && t.rppm == 0.0 {
                    return Err(bad(f("trigger"), "needs a chance or an rppm"));
                }
            }
        }

        let spell_ref = |field: String, name: &str| -> Result<usize, SpecError> {
            spell_index
                .get(name)
                .copied()
                .ok_or_else(|| SpecError::Invalid {
                    spec: id.clone(),
                    field,
                    message: format!("unknown spell '{name}'"),
                })
        };
        let buff_ref = |field: String, name: &str| -> Result<usize, SpecError> {
            buff_index
                .get(name)
                .copied()
                .ok_or_else(|| SpecError::Invalid {
                    spec: id.clone(),
                    field,
                    message: format!("unknown buff '{name}'"),
                })
        };
        let mut instant_for = Vec::new();
        let mut consumed_by = Vec::new();
        let mut trigger_spells = Vec::new();
        let mut resets = Vec::new();
        for b in &file.buffs {
            let list = |k: &str, names: &[String]| -> Result<Vec<usize>, SpecError> {
                names
                    .iter()
                    .map(|n| spell_ref(format!("buffs[{}].{k}", b.id), n))
                    .collect()
            };
            instant_for.push(list("makes_instant", &b.makes_instant)?);
            consumed_by.push(list("consumed_by", &b.consumed_by)?);
            trigger_spells.push(match &b.trigger {
                Some(t) => list("trigger.spells", &t.spells)?,
                None => Vec::new(),
            });
            resets.push(match &b.resets_cooldown {
                Some(n) => Some(spell_ref(format!("buffs[{}].resets_cooldown", b.id), n)?),
                None => None,
            });
        }
        let mut applies = Vec::new();
        let mut requires = Vec::new();
        for s in &file.spells {
            applies.push(match &s.applies_buff {
                Some(n) => Some(buff_ref(format!("spells[{}].applies_buff", s.id), n)?),
                None => None,
            });
            requires.push(match &s.requires_buff {
                Some(n) => Some(buff_ref(format!("spells[{}].requires_buff", s.id), n)?),
                None => None,
            });
        }
        let spec = Spec {
            file,
            instant_for,
            consumed_by,
            trigger_spells,
            resets,
            applies,
            requires,
            spell_index,
            buff_index,
        };
        // The default rotation must compile against the spec.
        crate::apl::Apl::compile(&spec.file.apl, &spec).map_err(|e| SpecError::Invalid {
            spec: spec.file.id.clone(),
            field: "apl".into(),
            message: e.to_string(),
        })?;
        Ok(spec)
    }

    /// The spec's identifier.
    pub fn id(&self) -> &str {
        &self.file.id
    }

    /// Index of a spell by id.
    pub fn spell(&self, id: &str) -> Option<usize> {
        self.spell_index.get(id).copied()
    }

    /// Index of a buff by id.
    pub fn buff(&self, id: &str) -> Option<usize> {
        self.buff_index.get(id).copied()
    }

    /// Spell ids in spellbook order.
    pub fn spell_ids(&self) -> impl Iterator<Item = &str> {
        self.file.spells.iter().map(|s| s.id.as_str())
    }

    /// Buff ids in order.
    pub fn buff_ids(&self) -> impl Iterator<Item = &str> {
        self.file.buffs.iter().map(|b| b.id.as_str())
    }
}
