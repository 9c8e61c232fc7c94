//! A comparison of 2–6 completed runs (`GET /api/simulations/compare?ids=…`): each run's
//! settings and DPS, and against the first run (the baseline) the difference with its 95 %
//! interval and a verdict.

use rotasim_engine::{
    compare::{Difference, Method},
    report::Histogram,
    DpsStats,
};
use serde::{Deserialize, Serialize};

/// Fewest runs a comparison takes.
pub const MIN_COMPARED: usize = 2;
/// Most runs a comparison takes.
pub const MAX_COMPARED: usize = 6;

/// Runs side by side; every per-run list is in the order of `runs` (the first is the baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// How the differences' intervals were computed.
    pub method: Method,
    /// The method in words, for the page.
    pub method_description: String,
    /// The runs, baseline first.
    pub runs: Vec<ComparedRun>,
    /// Each setting's value per run; `differs` marks rows whose values are not all equal.
    pub settings: Vec<SettingRow>,
    /// DPS per ability per run (matched by ability id), with the change against the baseline.
    pub abilities: Vec<AbilityRow>,
    /// Priority-list lines with their counts per fight (runs simulated before line counts
    /// have none).
    #[serde(default)]
    pub apl_lines: Vec<AplLineRow>,
    /// Stat weights per run (empty when no run computed them).
    pub stat_weights: Vec<StatWeightRow>,
}

/// One run of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ComparedRun {
    /// Job id (its results page is `/simulate/results/{jobId}`).
    pub job_id: String,
    /// Rotation name.
    pub rotation_name: String,
    /// When it was submitted (RFC 3339).
    pub created_at: String,
    /// DPS statistics.
    pub stats: DpsStats,
    /// DPS distribution.
    pub histogram: Histogram,
    /// The APL text that ran.
    pub apl: String,
    /// `this − baseline` with its 95 % interval (`null` for the baseline itself).
    pub difference: Option<Difference>,
    /// The difference in words: "+2.1 % ± 0.3 % — better".
    pub verdict: Option<String>,
    /// Line diff of this run's APL against the baseline's (`null` when the texts are equal).
    pub apl_diff: Option<Vec<DiffLine>>,
}

/// One setting across the runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SettingRow {
    /// Stable key (`rotation`, `apl`, `crit`, `fight`, `seed`, …).
    pub key: String,
    /// Display label.
    pub label: String,
    /// The value per run, formatted.
    pub values: Vec<String>,
    /// Whether the values differ across runs.
    pub differs: bool,
}

/// One ability across the runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AbilityRow {
    /// Ability id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// DPS per run (`null` when the run did not use it).
    pub dps: Vec<Option<f64>>,
    /// DPS change against the baseline (`null` for the baseline and when either lacks it).
    pub delta: Vec<Option<f64>>,
}

/// One priority-list line (matched by list and text) across the runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AplLineRow {
    /// Its list (`default`, `precombat`, a sub-list).
    pub list: String,
    /// The action as written.
    pub text: String,
    /// Executions per fight in each run (`null` when the run's rotation lacks the line).
    pub executions: Vec<Option<f64>>,
    /// Change against the baseline (`null` for the baseline and when either lacks it).
    pub delta: Vec<Option<f64>>,
}

/// One stat's weight across the runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatWeightRow {
    /// Stat name (`crit`, `haste`, …).
    pub stat: String,
    /// Weight and its 95 % error per run (`null` when that run has no weights).
    pub weights: Vec<Option<(f64, f64)>>,
}

/// What happened to a line between the baseline's APL and another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    /// In both.
    Same,
    /// Only in this run's APL.
    Added,
    /// Only in the baseline's.
    Removed,
}

/// One line of an APL diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiffLine {
    /// Same, added or removed.
    pub op: DiffOp,
    /// The line's text.
    pub text: String,
}
