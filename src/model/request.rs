//! The body of `POST /api/simulations` and the checks the browser and the server share.

use serde::{Deserialize, Serialize};

/// `POST /api/simulations` body (bounds: duration 30–900 s, iterations 1–50 000).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSimulationRequest {
    /// Rotation UUID or slug (`GET /api/rotations`): a built-in or one of the caller's own.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(example = "fire_mage"))]
    pub rotation_id: Option<String>,
    /// The spec of an inline `apl` (required with it).
    #[serde(default)]
    pub spec_id: Option<String>,
    /// An inline APL text to simulate without saving it (instead of `rotationId`).
    #[serde(default)]
    pub apl: Option<String>,
    /// Fight length in seconds.
    #[cfg_attr(feature = "ssr", schema(example = 120))]
    pub duration: f64,
    /// Iterations (the cap when `target_error` is set).
    #[cfg_attr(feature = "ssr", schema(example = 1000))]
    pub iterations: u32,
    /// `patchwerk`, `movement`, `aoe`, `hectic_add_cleave`, `dungeon_slice` or `cleave_add`.
    #[cfg_attr(feature = "ssr", schema(value_type = rotasim_engine::FightKind))]
    pub fight_type: String,
    /// Targets (aoe only).
    #[serde(default)]
    pub targets: Option<u32>,
    /// Stop at this 95 % error of mean DPS, in percent.
    #[serde(default)]
    pub target_error: Option<f64>,
    /// Compute stat weights.
    #[serde(default)]
    pub stat_weights: Option<bool>,
    /// Seed (random when absent).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Character stats (the spec's defaults when absent).
    #[serde(default)]
    pub character: Option<rotasim_engine::Character>,
    /// A batch: 2–12 variants run on the same iterations (instead of `rotationId`/`apl`).
    #[serde(default)]
    pub variants: Option<Vec<super::VariantInput>>,
    /// Raid buffs and externals (absent: Bloodlust at the pull, nothing else).
    #[serde(default)]
    pub raid: Option<rotasim_engine::RaidBuffs>,
    /// The player's reaction time to procs (absent: 0.15 ± 0.05 s).
    #[serde(default)]
    pub reaction: Option<rotasim_engine::Reaction>,
    /// Latency between one action and the next (absent: 0.05 ± 0.015 s).
    #[serde(default)]
    pub latency: Option<rotasim_engine::Latency>,
}

impl CreateSimulationRequest {
    /// The problems found without the database or the catalogue, as field → message: a rotation
    /// chosen, a known fight type, and the engine's own range checks of every number and stat.
    /// The browser form shows these before submitting; the server runs the same checks.
    pub fn field_errors(&self) -> std::collections::BTreeMap<String, String> {
        let mut fields = std::collections::BTreeMap::new();
        let rotation = self.rotation_id.as_deref().map(str::trim).unwrap_or("");
        if let Some(variants) = &self.variants {
            self.batch_errors(variants, &mut fields);
        } else {
            self.source_errors(rotation, &mut fields);
        }
        let fight = rotasim_engine::FightKind::parse(&self.fight_type);
        if fight.is_none() {
            fields.insert(
                "fightType".to_string(),
                format!(
                    "unknown fight '{}' ({})",
                    self.fight_type,
                    rotasim_engine::FightKind::ALL.map(|f| f.name()).join(", ")
                ),
            );
        }
        let config = self.to_config(
            fight.unwrap_or(rotasim_engine::FightKind::Patchwerk),
            String::new(),
            None,
            0,
        );
        for (k, v) in config.field_errors() {
            fields.entry(k).or_insert(v);
        }
        fields
    }

    /// A single run names its rotation: a saved one, or an inline APL with its spec.
    fn source_errors(
        &self,
        rotation: &str,
        fields: &mut std::collections::BTreeMap<String, String>,
    ) {
        match (rotation.is_empty(), &self.apl) {
            (true, None) => {
                fields.insert(
                    "rotationId".to_string(),
                    "choose a rotation (or give specId and apl)".to_string(),
                );
            }
            (false, Some(_)) => {
                fields.insert(
                    "apl".to_string(),
                    "give either rotationId or apl, not both".to_string(),
                );
            }
            (true, Some(_)) if self.spec_id.as_deref().unwrap_or("").trim().is_empty() => {
                fields.insert(
                    "specId".to_string(),
                    "required with an inline apl".to_string(),
                );
            }
            _ => {}
        }
        if self.apl.is_none() && self.spec_id.is_some() && !rotation.is_empty() {
            fields.insert(
                "specId".to_string(),
                "only with an inline apl (a rotation has its own spec)".to_string(),
            );
        }
    }

    /// A batch: 2–12 variants with distinct labels, each naming one rotation; every variant runs
    /// the request's fight, duration and iterations, without a target error or stat weights.
    fn batch_errors(
        &self,
        variants: &[super::VariantInput],
        fields: &mut std::collections::BTreeMap<String, String>,
    ) {
        let mut err = |k: String, m: String| {
            fields.entry(k).or_insert(m);
        };
        if self.rotation_id.is_some() || self.apl.is_some() {
            err(
                "variants".into(),
                "give either variants or rotationId/apl, not both".into(),
            );
        }
        let max = rotasim_engine::MAX_VARIANTS;
        if variants.len() < 2 || variants.len() > max {
            err(
                "variants".into(),
                format!("a batch has 2 to {max} variants (got {})", variants.len()),
            );
        }
        if self.stat_weights == Some(true) {
            err(
                "statWeights".into(),
                "stat weights are not available in a batch".into(),
            );
        }
        if self.target_error.is_some() {
            err(
                "targetError".into(),
                "a batch runs every variant for the same number of iterations; give iterations"
                    .into(),
            );
        }
        let mut labels = std::collections::BTreeSet::new();
        for (i, v) in variants.iter().enumerate() {
            let at = |f: &str| format!("variants[{i}].{f}");
            let label = v.label.trim();
            if label.is_empty() {
                err(at("label"), "required".into());
            } else if label.chars().count() > super::MAX_LABEL_CHARS {
                err(
                    at("label"),
                    format!("at most {} characters", super::MAX_LABEL_CHARS),
                );
            } else if label.chars().any(char::is_control) {
                err(at("label"), "no control characters".into());
            } else if !labels.insert(label.to_lowercase()) {
                err(at("label"), format!("duplicate label '{label}'"));
            }
            let rotation = v.rotation_id.as_deref().map(str::trim).unwrap_or("");
            match (rotation.is_empty(), &v.apl) {
                (true, None) => err(at("rotationId"), "choose a rotation (or give apl)".into()),
                (false, Some(_)) => {
                    err(at("apl"), "give either rotationId or apl, not both".into())
                }
                (true, Some(_)) => {
                    let spec = v.spec_id.as_deref().or(self.spec_id.as_deref());
                    if spec.unwrap_or("").trim().is_empty() {
                        err(at("specId"), "required with an inline apl".into());
                    }
                }
                _ => {}
            }
            if let Some(character) = &v.character {
                let probe = rotasim_engine::SimConfig {
                    character: Some(character.clone()),
                    ..self.to_config(rotasim_engine::FightKind::Patchwerk, String::new(), None, 0)
                };
                for (k, m) in probe.field_errors() {
                    if k.starts_with("character") {
                        err(format!("variants[{i}].{k}"), m);
                    }
                }
            }
        }
    }

    /// The engine configuration of this request for `spec` and its rotation text.
    pub fn to_config(
        &self,
        fight: rotasim_engine::FightKind,
        spec: String,
        apl: Option<String>,
        seed: u64,
    ) -> rotasim_engine::SimConfig {
        rotasim_engine::SimConfig {
            spec,
            apl,
            character: self.character.clone(),
            fight,
            targets: self.targets,
            duration: self.duration,
            vary_length: true,
            iterations: self.iterations,
            target_error: self.target_error,
            seed,
            iteration_offset: 0,
            threads: 0,
            stat_weights: self.stat_weights.unwrap_or(false),
            raid: self.raid.unwrap_or_default(),
            reaction: self.reaction.unwrap_or_default(),
            latency: self.latency.unwrap_or_default(),
            ..Default::default()
        }
    }
}
