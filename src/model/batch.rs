//! Batches: one submission simulating 2–12 variants (rotations and/or characters) on the same
//! iterations with common random numbers, and the ranked comparison it produces.

use rotasim_engine::{
    compare::Difference,
    report::{AbilityStats, Histogram},
    Character, DpsStats, SimConfig,
};
use serde::{Deserialize, Serialize};

/// Longest variant label.
pub const MAX_LABEL_CHARS: usize = 80;

/// One variant of a batch submission (`variants` of `POST /api/simulations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VariantInput {
    /// Its name on the report (unique in the batch).
    pub label: String,
    /// A rotation (UUID or slug): a built-in or one of the caller's own.
    #[serde(default)]
    pub rotation_id: Option<String>,
    /// The spec of an inline `apl` (the request's `specId` when absent).
    #[serde(default)]
    pub spec_id: Option<String>,
    /// An inline APL instead of `rotationId`.
    #[serde(default)]
    pub apl: Option<String>,
    /// Character stats (the spec's defaults when absent).
    #[serde(default)]
    pub character: Option<Character>,
}

/// What one variant of a batch job ran, kept with the job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchVariant {
    /// Its label.
    pub label: String,
    /// The rotation (`None` for an inline APL).
    pub rotation_id: Option<String>,
    /// The rotation's name then ("Inline APL — <spec>" for an inline APL).
    pub rotation_name: String,
    /// The rotation's version then.
    pub rotation_version: Option<i32>,
    /// The spec data's version then.
    pub spec_version: Option<String>,
    /// The engine configuration (APL text, character, seed, fight).
    pub config: SimConfig,
}

/// A batch's outcome: every variant in submission order (the first is the baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BatchResult {
    /// The variants, baseline first.
    pub variants: Vec<VariantResult>,
}

/// One variant's statistics and its difference to the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VariantResult {
    /// Its label.
    pub label: String,
    /// The rotation's name then.
    pub rotation_name: String,
    /// The rotation's version then.
    pub rotation_version: Option<i32>,
    /// Spec id.
    pub spec_id: String,
    /// Spec display name.
    pub spec_name: String,
    /// The APL text it ran.
    pub apl: String,
    /// The character it ran (`None`: the spec's default).
    pub character: Option<Character>,
    /// DPS statistics.
    pub stats: DpsStats,
    /// DPS distribution.
    pub histogram: Histogram,
    /// Abilities by damage.
    pub abilities: Vec<AbilityStats>,
    /// 1 = highest mean DPS.
    pub rank: u32,
    /// Paired difference to the baseline (common random numbers); `None` for the baseline.
    pub paired: Option<Difference>,
    /// The same difference as if the runs had been independent (Welch), for comparison.
    pub welch: Option<Difference>,
}
