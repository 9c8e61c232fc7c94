//! The quick-sim form's values as its controls hold them (text as typed, boxes ticked or not),
//! named as the controls are, and the one function that turns them into a request. The
//! server reads a posted form (no JavaScript) into it, the browser reads the same `<form>` at
//! submit: both validate through [`SimForm::request`].

use super::{raid_form::RaidForm, CreateSimulationRequest, VariantInput};
use rotasim_engine::{Character, StatKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The form's control names (and the keys of their errors).
pub mod names {
    /// The rotation select.
    pub const ROTATION: &str = "rotationId";
    /// The fight select.
    pub const FIGHT: &str = "fightType";
    /// Targets (aoe).
    pub const TARGETS: &str = "targets";
    /// Fight length.
    pub const DURATION: &str = "duration";
    /// Iterations.
    pub const ITERATIONS: &str = "iterations";
    /// "Stop early at a target error" box.
    pub const USE_TARGET_ERROR: &str = "useTargetError";
    /// Target error, percent.
    pub const TARGET_ERROR: &str = "targetError";
    /// "Compute stat weights" box.
    pub const STAT_WEIGHTS: &str = "statWeights";
    /// "Compare variants (batch)" box.
    pub const BATCH: &str = "batch";
}

/// The stats the form asks for, in its order; a stat's control is named
/// `character.<name>` ([`SimForm::stat_name`]).
pub const FORM_STATS: [StatKind; 5] = StatKind::ALL;

/// The form's values, exactly as shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimForm {
    /// Rotation id.
    pub rotation_id: String,
    /// Fight style.
    pub fight_type: String,
    /// Targets (used for aoe).
    pub targets: String,
    /// Fight length, seconds.
    pub duration: String,
    /// Iterations.
    pub iterations: String,
    /// Whether to stop early at a target error.
    pub use_target_error: bool,
    /// Target error, percent (used when `use_target_error`).
    pub target_error: String,
    /// Whether to compute stat weights.
    pub stat_weights: bool,
    /// Whether the batch box is ticked.
    pub batch: bool,
    /// The character's stats, in [`FORM_STATS`] order.
    pub character: [String; 5],
    /// Raid buffs and reaction time.
    #[serde(default)]
    pub raid: RaidForm,
}

impl SimForm {
    /// The control name of a stat.
    pub fn stat_name(kind: StatKind) -> String {
        format!("character.{}", kind.name())
    }

    /// Every control name the form submits.
    pub fn control_names() -> Vec<String> {
        let mut all: Vec<String> = [
            names::ROTATION,
            names::FIGHT,
            names::TARGETS,
            names::DURATION,
            names::ITERATIONS,
            names::USE_TARGET_ERROR,
            names::TARGET_ERROR,
            names::STAT_WEIGHTS,
            names::BATCH,
        ]
        .map(String::from)
        .to_vec();
        all.extend(FORM_STATS.map(Self::stat_name));
        all.extend(super::raid_form::names::ALL.map(String::from));
        all
    }

    /// The character the stat texts describe, if every one is a number.
    pub fn character(&self) -> Option<Character> {
        let mut character = Character::default();
        for (kind, text) in FORM_STATS.iter().zip(&self.character) {
            let v: f64 = text.trim().parse().ok().filter(|v: &f64| v.is_finite())?;
            character = character.with_added(*kind, v);
        }
        Some(character)
    }

    /// The values of a submitted form (`name=value` pairs, as `application/x-www-form-urlencoded`
    /// or the browser's `FormData` gives them). A box is ticked when its name is present;
    /// unknown names are ignored; a missing text is empty.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SimForm {
        let mut form = SimForm {
            raid: RaidForm::unticked(),
            ..SimForm::default()
        };
        for (name, value) in pairs {
            if form.raid.set(name, value) {
                continue;
            }
            let value = value.to_string();
            match name {
                names::ROTATION => form.rotation_id = value,
                names::FIGHT => form.fight_type = value,
                names::TARGETS => form.targets = value,
                names::DURATION => form.duration = value,
                names::ITERATIONS => form.iterations = value,
                names::USE_TARGET_ERROR => form.use_target_error = true,
                names::TARGET_ERROR => form.target_error = value,
                names::STAT_WEIGHTS => form.stat_weights = true,
                names::BATCH => form.batch = true,
                other => {
                    if let Some(i) = FORM_STATS.iter().position(|k| Self::stat_name(*k) == other) {
                        form.character[i] = value;
                    }
                }
            }
        }
        form
    }

    /// The request these values make, or every field that is wrong (field name → message):
    /// text that is not a number, and the checks the server runs too
    /// ([`CreateSimulationRequest::field_errors`]). `variants` is a batch's variants (the
    /// rotation and character above are its baseline); a ticked batch box without them is an
    /// error at the box.
    pub fn request(
        &self,
        variants: Option<Vec<VariantInput>>,
    ) -> Result<CreateSimulationRequest, BTreeMap<String, String>> {
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
        let duration = num(names::DURATION, &self.duration);
        let iterations = num(names::ITERATIONS, &self.iterations);
        let takes_targets = rotasim_engine::FightKind::parse(&self.fight_type)
            .is_some_and(rotasim_engine::FightKind::takes_targets);
        let targets = takes_targets.then(|| num(names::TARGETS, &self.targets));
        let batch = self.batch;
        let target_error =
            (self.use_target_error && !batch).then(|| num(names::TARGET_ERROR, &self.target_error));
        let mut character = Character::default();
        for (kind, text) in FORM_STATS.iter().zip(&self.character) {
            let v = num(&Self::stat_name(*kind), text);
            character = character.with_added(*kind, v);
        }
        let (raid, reaction, latency) = self.raid.values(&mut errors);
        let whole = |n: f64| -> u32 {
            if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) {
                n as u32
            } else {
                0
            }
        };
        if batch && variants.is_none() {
            errors.insert(
                names::BATCH.into(),
                "comparing variants needs JavaScript; untick this to run the rotation alone".into(),
            );
        }
        let req = CreateSimulationRequest {
            rotation_id: (!batch).then(|| self.rotation_id.clone()),
            spec_id: None,
            apl: None,
            duration,
            iterations: whole(iterations),
            fight_type: self.fight_type.clone(),
            targets: targets.map(whole),
            target_error,
            stat_weights: (!batch).then_some(self.stat_weights),
            seed: None,
            character: (!batch).then_some(character),
            variants: if batch { variants } else { None },
            raid: Some(raid),
            reaction: Some(reaction),
            latency: Some(latency),
        };
        if !iterations.is_nan() && iterations.fract() != 0.0 {
            errors.insert(names::ITERATIONS.into(), "enter a whole number".into());
        }
        for (k, v) in req.field_errors() {
            errors.entry(k).or_insert(v);
        }
        RaidForm::restate(&mut errors);
        if errors.is_empty() {
            Ok(req)
        } else {
            Err(errors)
        }
    }
}

/// A form sent back to its page: the values as submitted, each error at its field, and a
/// message for the form as a whole (a refusal that is no field's fault, e.g. the rate limit).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormEcho {
    /// The values submitted.
    pub form: SimForm,
    /// Field name → message.
    pub errors: BTreeMap<String, String>,
    /// What went wrong, when it is no one field.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut p = vec![
            ("rotationId", "fire_mage"),
            ("fightType", "aoe"),
            ("targets", "3"),
            ("duration", "137"),
            ("iterations", "1234"),
            ("targetError", "0.5"),
            ("character.primary", "1000"),
            ("character.crit", "200"),
            ("character.haste", "300"),
            ("character.mastery", "400"),
            ("character.versatility", "500"),
        ];
        p.extend_from_slice(extra);
        p
    }

    #[test]
    fn a_posted_form_is_the_request_of_its_values() {
        let form = SimForm::from_pairs(pairs(&[("statWeights", "on"), ("junk", "x")]));
        let req = form.request(None).expect("valid");
        assert_eq!(req.rotation_id.as_deref(), Some("fire_mage"));
        assert_eq!((req.duration, req.iterations), (137.0, 1234));
        assert_eq!(req.targets, Some(3));
        assert_eq!(req.target_error, None, "the box is not ticked");
        assert_eq!(req.stat_weights, Some(true));
        let c = req.character.expect("character");
        assert_eq!(c.total(StatKind::Haste), 300.0);
        assert_eq!(c.total(StatKind::Versatility), 500.0);
    }

    #[test]
    fn every_bad_value_is_named_at_its_field() {
        let mut form = SimForm::from_pairs(pairs(&[("useTargetError", "on")]));
        form.duration = "5".into();
        form.iterations = "12.5".into();
        form.target_error = "abc".into();
        form.character[1] = "".into();
        let errors = form.request(None).expect_err("invalid");
        for key in ["duration", "iterations", "targetError", "character.crit"] {
            assert!(errors.contains_key(key), "{key} in {errors:?}");
        }
        let batch = SimForm::from_pairs(pairs(&[("batch", "on")]));
        assert!(batch
            .request(None)
            .expect_err("no variants")
            .contains_key("batch"));
    }
}
