//! The quick-sim form's state: its raw inputs as typed, and the request they make.

use super::variants::Batch;
use crate::model::{CreateSimulationRequest, RotationChoice, SavedCharacter, SimulateOptions};
use leptos::prelude::*;
use rotasim_engine::{Character, StatKind};
use std::collections::BTreeMap;

/// The character stats the form asks for, with their labels.
pub const STATS: [(StatKind, &str); 5] = [
    (StatKind::Primary, "Primary stat"),
    (StatKind::Crit, "Critical strike"),
    (StatKind::Haste, "Haste"),
    (StatKind::Mastery, "Mastery"),
    (StatKind::Versatility, "Versatility"),
];

/// The form's raw inputs (strings, as typed).
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Rotation id.
    pub rotation: RwSignal<String>,
    /// Fight style.
    pub fight: RwSignal<String>,
    /// Targets (aoe).
    pub targets: RwSignal<String>,
    /// Fight length, seconds.
    pub duration: RwSignal<String>,
    /// Iterations.
    pub iterations: RwSignal<String>,
    /// Whether to stop early at a target error.
    pub use_target_error: RwSignal<bool>,
    /// Target error, percent.
    pub target_error: RwSignal<String>,
    /// Whether to compute stat weights.
    pub stat_weights: RwSignal<bool>,
    /// The character's stats, in [`STATS`] order.
    pub stats: [RwSignal<String>; 5],
    /// The batch's variants (when on, the rotation and stats above are its baseline).
    pub batch: Batch,
    /// The player's saved characters (a variant may use one).
    pub saved: StoredValue<Vec<SavedCharacter>>,
}

impl Fields {
    /// The form's starting values: the rotation `wanted` (by id or slug; else the first), its
    /// spec's character, the defaults.
    pub fn new(options: &SimulateOptions, wanted: Option<&str>) -> Fields {
        let first = wanted
            .and_then(|w| {
                options
                    .rotations
                    .iter()
                    .find(|c| c.rotation.id == w || (c.rotation.builtin && c.rotation.slug == w))
            })
            .or(options.rotations.first());
        Fields {
            rotation: RwSignal::new(first.map(|c| c.rotation.id.clone()).unwrap_or_default()),
            fight: RwSignal::new("patchwerk".into()),
            targets: RwSignal::new(options.default_targets.to_string()),
            duration: RwSignal::new("300".into()),
            iterations: RwSignal::new("10000".into()),
            use_target_error: RwSignal::new(false),
            target_error: RwSignal::new("0.1".into()),
            stat_weights: RwSignal::new(false),
            batch: Batch::new(),
            saved: StoredValue::new(options.characters.clone()),
            stats: STATS.map(|(k, _)| {
                RwSignal::new(
                    first
                        .map(|c| c.character.total(k).to_string())
                        .unwrap_or_default(),
                )
            }),
        }
    }

    /// Sets the character stats to `choice`'s spec defaults.
    pub fn reset_stats(&self, choice: &RotationChoice) {
        self.set_stats(&choice.character);
    }

    /// Sets the character stats to `character`'s totals.
    pub fn set_stats(&self, character: &Character) {
        for ((k, _), s) in STATS.iter().zip(self.stats) {
            s.set(character.total(*k).to_string());
        }
    }

    /// The character the stat fields describe, if every one is a number.
    pub fn character(&self) -> Option<Character> {
        let mut character = Character::default();
        for ((kind, _), s) in STATS.iter().zip(self.stats) {
            let v: f64 = s.get_untracked().trim().parse().ok()?;
            character = character.with_added(*kind, v);
        }
        Some(character)
    }

    /// Reads every input (tracked), so that an effect calling it runs when one changes.
    pub fn track(&self) {
        let _ = (
            self.duration.get(),
            self.iterations.get(),
            self.fight.get(),
            self.targets.get(),
            self.use_target_error.get(),
            self.target_error.get(),
            self.stats.map(|s| s.get()),
        );
        self.batch.track();
    }

    /// The request, or the fields that do not parse.
    pub fn request(&self) -> Result<CreateSimulationRequest, BTreeMap<String, String>> {
        let mut errors = BTreeMap::new();
        let mut num = |key: &str, v: &str| -> f64 {
            match v.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => n,
                _ => {
                    errors.insert(key.to_string(), "enter a number".to_string());
                    f64::NAN
                }
            }
        };
        let duration = num("duration", &self.duration.get_untracked());
        let iterations = num("iterations", &self.iterations.get_untracked());
        let fight = self.fight.get_untracked();
        let targets = (fight == "aoe").then(|| num("targets", &self.targets.get_untracked()));
        let batch = self.batch.on.get_untracked();
        let target_error = (self.use_target_error.get_untracked() && !batch)
            .then(|| num("targetError", &self.target_error.get_untracked()));
        let mut character = Character::default();
        for ((kind, _), s) in STATS.iter().zip(self.stats) {
            let v = num(&format!("character.{}", kind.name()), &s.get_untracked());
            character = character.with_added(*kind, v);
        }
        let whole = |n: f64| -> u32 {
            if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) {
                n as u32
            } else {
                0
            }
        };
        let variants = batch.then(|| {
            self.saved.with_value(|saved| {
                self.batch
                    .inputs(self.rotation.get_untracked(), &character, saved)
            })
        });
        let req = CreateSimulationRequest {
            rotation_id: (!batch).then(|| self.rotation.get_untracked()),
            spec_id: None,
            apl: None,
            duration,
            iterations: whole(iterations),
            fight_type: fight,
            targets: targets.map(whole),
            target_error,
            stat_weights: (!batch).then(|| self.stat_weights.get_untracked()),
            seed: None,
            character: (!batch).then_some(character),
            variants,
        };
        if !iterations.is_nan() && (iterations.fract() != 0.0) {
            errors.insert("iterations".into(), "enter a whole number".into());
        }
        for (k, v) in req.field_errors() {
            errors.entry(k).or_insert(v);
        }
        if errors.is_empty() {
            Ok(req)
        } else {
            Err(errors)
        }
    }
}
