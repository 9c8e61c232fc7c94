//! The quick-sim form's state: its raw inputs as typed, and the request they make.

use super::{raid::RaidFields, variants::Batch};
use crate::model::{
    CreateSimulationRequest, RaidForm, RotationChoice, SavedCharacter, SimForm, SimulateOptions,
};
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
    /// Raid buffs and reaction time.
    pub raid: RaidFields,
    /// The batch's variants (when on, the rotation and stats above are its baseline).
    pub batch: Batch,
    /// The player's saved characters (a variant may use one).
    pub saved: StoredValue<Vec<SavedCharacter>>,
}

impl Fields {
    /// The form's starting values: the values sent back with the page (`echo`, after a
    /// submission the server refused), else the rotation `wanted` (by id or slug; else the
    /// first), its spec's character, the defaults.
    pub fn new(options: &SimulateOptions, wanted: Option<&str>, echo: Option<&SimForm>) -> Fields {
        let first = wanted
            .and_then(|w| {
                options
                    .rotations
                    .iter()
                    .find(|c| c.rotation.id == w || (c.rotation.builtin && c.rotation.slug == w))
            })
            .or(options.rotations.first());
        let fields = Fields {
            rotation: RwSignal::new(first.map(|c| c.rotation.id.clone()).unwrap_or_default()),
            fight: RwSignal::new("patchwerk".into()),
            targets: RwSignal::new(options.default_targets.to_string()),
            duration: RwSignal::new("300".into()),
            iterations: RwSignal::new("10000".into()),
            use_target_error: RwSignal::new(false),
            target_error: RwSignal::new("0.1".into()),
            stat_weights: RwSignal::new(false),
            batch: Batch::new(),
            raid: RaidFields::new(&RaidForm::default()),
            saved: StoredValue::new(options.characters.clone()),
            stats: STATS.map(|(k, _)| {
                RwSignal::new(
                    first
                        .map(|c| c.character.total(k).to_string())
                        .unwrap_or_default(),
                )
            }),
        };
        if let Some(form) = echo {
            fields.set_form(form);
        }
        fields
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
        self.form().character()
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
        self.raid.track();
        self.batch.track();
    }

    /// The values the inputs hold (untracked).
    pub fn form(&self) -> SimForm {
        SimForm {
            rotation_id: self.rotation.get_untracked(),
            fight_type: self.fight.get_untracked(),
            targets: self.targets.get_untracked(),
            duration: self.duration.get_untracked(),
            iterations: self.iterations.get_untracked(),
            use_target_error: self.use_target_error.get_untracked(),
            target_error: self.target_error.get_untracked(),
            stat_weights: self.stat_weights.get_untracked(),
            batch: self.batch.on.get_untracked(),
            character: self.stats.map(|s| s.get_untracked()),
            raid: self.raid.form(),
        }
    }

    /// Sets every input but the batch box to `form`'s values (the batch box changes what the
    /// form shows, so it is set apart: [`Batch::on`]).
    pub fn set_form(&self, form: &SimForm) {
        self.rotation.set(form.rotation_id.clone());
        self.fight.set(form.fight_type.clone());
        self.targets.set(form.targets.clone());
        self.duration.set(form.duration.clone());
        self.iterations.set(form.iterations.clone());
        self.use_target_error.set(form.use_target_error);
        self.target_error.set(form.target_error.clone());
        self.stat_weights.set(form.stat_weights);
        for (s, v) in self.stats.iter().zip(&form.character) {
            s.set(v.clone());
        }
        self.raid.set(&form.raid);
    }

    /// The request of `form` (the values on screen; the batch's variants from its inputs), or
    /// the fields that are wrong.
    pub fn request_of(
        &self,
        form: &SimForm,
    ) -> Result<CreateSimulationRequest, BTreeMap<String, String>> {
        let variants = form.batch.then(|| {
            let character = form.character().unwrap_or_default();
            self.saved.with_value(|saved| {
                self.batch
                    .inputs(form.rotation_id.clone(), &character, saved)
            })
        });
        form.request(variants)
    }

    /// The request the inputs make, or the fields that are wrong.
    pub fn request(&self) -> Result<CreateSimulationRequest, BTreeMap<String, String>> {
        self.request_of(&self.form())
    }
}
