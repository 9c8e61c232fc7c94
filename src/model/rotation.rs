//! Rotations and the simulate form's choices.

use serde::{Deserialize, Serialize};

/// A rotation a player can simulate (`GET /api/rotations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RotationSummary {
    /// UUID.
    pub id: String,
    /// Stable short name (the engine spec id for built-ins).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Class, for grouping.
    pub class: String,
    /// Specialisation.
    pub spec: String,
    /// The engine spec it runs on.
    pub spec_id: String,
    /// Whether it ships with Rotasim.
    pub builtin: bool,
    /// The rotation text (APL).
    pub apl: String,
}

/// A rotation as the simulate form offers it: the rotation plus its spec's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationChoice {
    /// The rotation.
    pub rotation: RotationSummary,
    /// What the spec plays like.
    pub description: String,
    /// Primary resource name.
    pub resource: String,
    /// The spec's default character (the form's starting stats).
    pub character: rotasim_engine::Character,
}

/// Everything the simulate form is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulateOptions {
    /// Rotations grouped by class and spec (sorted).
    pub rotations: Vec<RotationChoice>,
    /// Shortest fight, seconds.
    pub min_duration: f64,
    /// Longest fight, seconds.
    pub max_duration: f64,
    /// Most iterations.
    pub max_iterations: u32,
    /// Most targets of an aoe fight.
    pub max_targets: u32,
    /// Targets of an aoe fight by default.
    pub default_targets: u32,
}
