//! What to simulate, and its validation into a ready-to-run [`Prepared`] form.

use crate::{
    apl::Apl,
    catalog::Catalog,
    raid::RaidBuffs,
    spec::Spec,
    stats::Character,
    timing::{Latency, Reaction},
};
use serde::{Deserialize, Serialize};
use std::{collections::BTreeMap, sync::Arc};

pub use crate::fight::{FightKind, HealthModel};
pub use crate::limits::{
    DEFAULT_AOE_TARGETS, MAX_DURATION, MAX_ITERATIONS, MAX_TARGETS, MIN_DURATION,
};

/// A simulation request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SimConfig {
    /// Spec id in the catalogue.
    pub spec: String,
    /// Rotation text; `None` uses the spec's default.
    pub apl: Option<String>,
    /// Character; `None` uses the spec's default.
    pub character: Option<Character>,
    /// Fight style.
    pub fight: FightKind,
    /// Targets: aoe targets (default 5), hectic add cleave adds per wave (3), dungeon slice
    /// pack size (4); the other fights have one.
    pub targets: Option<u32>,
    /// Requested fight length in seconds.
    pub duration: f64,
    /// Vary each iteration's length by ±20 %.
    pub vary_length: bool,
    /// Iterations (the maximum when `target_error` is set).
    pub iterations: u32,
    /// Stop once the 95 % error of mean DPS is below this percent.
    pub target_error: Option<f64>,
    /// Base seed.
    pub seed: u64,
    /// Index of the first iteration (to replay iteration I: offset I, 1 iteration).
    pub iteration_offset: u64,
    /// Worker threads (0 = all cores).
    pub threads: usize,
    /// Compute stat weights (five more runs on common random numbers).
    pub stat_weights: bool,
    /// Raid buffs and externals (default: Bloodlust at the pull).
    pub raid: RaidBuffs,
    /// The player's reaction time for `buff.X.react` (default 0.15 ± 0.05 s).
    pub reaction: Reaction,
    /// Target health: fixed time or estimated pools (default: by fight).
    pub health: HealthModel,
    /// With estimated health: the boss's health pool instead of the estimate.
    pub target_health: Option<f64>,
    /// The latency between one action and the next (default 0.05 ± 0.015 s).
    pub latency: Latency,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            spec: String::new(),
            apl: None,
            character: None,
            fight: FightKind::Patchwerk,
            targets: None,
            duration: 300.0,
            vary_length: true,
            iterations: 1000,
            target_error: None,
            seed: 0,
            iteration_offset: 0,
            threads: 0,
            stat_weights: false,
            raid: RaidBuffs::default(),
            reaction: Reaction::default(),
            health: HealthModel::Auto,
            target_health: None,
            latency: Latency::default(),
        }
    }
}

/// Field-level validation errors: field name (camelCase) → message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, thiserror::Error)]
#[error("invalid simulation settings: {}", fields.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("; "))]
pub struct ValidationErrors {
    /// Messages by field.
    pub fields: BTreeMap<String, String>,
}

/// A validated configuration with the spec and rotation compiled.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The request.
    pub config: SimConfig,
    /// The spec.
    pub spec: Arc<Spec>,
    /// The compiled rotation.
    pub apl: Arc<Apl>,
    /// The character actually simulated.
    pub character: Character,
    /// Target slots: the most targets alive at once.
    pub targets: u32,
    /// The fight's `targets` setting as used (aoe targets, adds per wave, pack size; else 1).
    pub group_size: u32,
}

impl SimConfig {
    /// The checks that need no catalogue — the range of every number, and of the character's
    /// stats when one is given — as field → message. The portal's browser form runs exactly
    /// these before submitting.
    pub fn field_errors(&self) -> BTreeMap<String, String> {
        let mut errors = BTreeMap::new();
        let mut err = |k: &str, m: String| {
            errors.entry(k.to_string()).or_insert(m);
        };
        if !(self.duration.is_finite() && (MIN_DURATION..=MAX_DURATION).contains(&self.duration)) {
            err(
                "duration",
                format!("must be between {MIN_DURATION} and {MAX_DURATION} seconds"),
            );
        }
        if !(1..=MAX_ITERATIONS).contains(&self.iterations) {
            err(
                "iterations",
                format!("must be between 1 and {MAX_ITERATIONS}"),
            );
        }
        if let Some(e) = self.target_error {
            if !(e.is_finite() && (0.01..=10.0).contains(&e)) {
                err(
                    "targetError",
                    "must be between 0.01 and 10 (percent)".into(),
                );
            }
        }
        if let Some(h) = self.target_health {
            if !(h.is_finite() && (1.0..=1e15).contains(&h)) {
                err("targetHealth", "must be between 1 and 1e15".into());
            } else if !self.health.estimated(self.fight) {
                err(
                    "targetHealth",
                    "needs estimated health (health: estimated)".into(),
                );
            }
        }
        if self.threads > 256 {
            err("threads", "must be at most 256".into());
        }
        match self.targets {
            Some(t) if self.fight.takes_targets() && !(1..=MAX_TARGETS).contains(&t) => {
                err("targets", format!("must be between 1 and {MAX_TARGETS}"));
            }
            Some(t) if !self.fight.takes_targets() && t != 1 => {
                err(
                    "targets",
                    format!(
                        "the {} fight has no targets setting (aoe, hectic_add_cleave and dungeon_slice have)",
                        self.fight.name()
                    ),
                );
            }
            _ => {}
        }
        if let Some(character) = &self.character {
            character_errors(character, &mut err);
        }
        self.raid.field_errors(&mut errors);
        self.reaction.field_errors(&mut errors);
        self.latency.field_errors(&mut errors);
        errors
    }

    /// Checks every field, compiling the rotation; all problems are reported at once.
    pub fn validate(&self, catalog: &Catalog) -> Result<Prepared, ValidationErrors> {
        let mut errors = self.field_errors();
        let mut err = |k: &str, m: String| {
            errors.entry(k.to_string()).or_insert(m);
        };
        let spec = catalog.get(&self.spec);
        if spec.is_none() {
            let known: Vec<&str> = catalog.specs().map(|s| s.id()).collect();
            err(
                "spec",
                format!("unknown spec '{}' (known: {})", self.spec, known.join(", ")),
            );
        }
        let setting = match self.targets {
            Some(t) if self.fight.takes_targets() && (1..=MAX_TARGETS).contains(&t) => t,
            _ => self.fight.default_targets(),
        };
        let targets = crate::fight::slots(self.fight, setting);
        let character = self
            .character
            .clone()
            .or_else(|| spec.map(|s| s.file.character.clone()))
            .unwrap_or_default();
        if self.character.is_none() {
            character_errors(&character, &mut err);
        }
        // The spec as simulated: with the character's on-use items and potion.
        let spec = match (spec, &self.character) {
            (Some(s), Some(c)) => match s.for_character(c) {
                Ok(s) => Some(s),
                Err(e) => {
                    err("character", e.to_string());
                    None
                }
            },
            (s, _) => s.cloned(),
        };
        let mut apl = None;
        if let Some(spec) = &spec {
            let text = self.apl.as_deref().unwrap_or(&spec.file.apl);
            match Apl::compile(text, spec) {
                Ok(a) => apl = Some(a),
                Err(e) => err("apl", e.to_string()),
            }
        }
        match (spec, apl) {
            (Some(spec), Some(apl)) if errors.is_empty() => Ok(Prepared {
                config: self.clone(),
                spec: Arc::new(spec),
                apl: Arc::new(apl),
                character,
                targets,
                group_size: setting,
            }),
            _ => Err(ValidationErrors { fields: errors }),
        }
    }
}

/// The problems of a character's stats on their own (a saved character is checked with these),
/// keyed `character.<stat>`: each stat total must be a finite number from 0 to 10 000 000.
pub fn character_field_errors(character: &Character) -> BTreeMap<String, String> {
    let mut errors = BTreeMap::new();
    character_errors(character, &mut |k: &str, m: String| {
        errors.entry(k.to_string()).or_insert(m);
    });
    errors
}

/// Each stat total of `character` must be a finite number from 0 to 10 000 000.
fn character_errors(character: &Character, err: &mut impl FnMut(&str, String)) {
    for kind in crate::stats::StatKind::ALL {
        let v = character.total(kind);
        if !(v.is_finite() && (0.0..=1e7).contains(&v)) {
            err(
                &format!("character.{}", kind.name()),
                "must be between 0 and 10000000".into(),
            );
        }
    }
}
