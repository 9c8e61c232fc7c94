//! The result record written when a job completes (job records are [`crate::model::JobRecord`]).

/// A completed simulation to store.
#[derive(Debug, Clone)]
pub struct NewResult {
    /// Result UUID.
    pub id: String,
    /// Rotation UUID.
    pub rotation_id: String,
    /// Owner.
    pub user_id: Option<String>,
    /// Requested length.
    pub duration: i32,
    /// Iterations run.
    pub iterations: i32,
    /// Fight style.
    pub fight_type: String,
    /// Scenario JSON.
    pub scenario: String,
    /// Character JSON.
    pub gear_set: String,
    /// Engine version.
    pub sim_version: String,
    /// Mean DPS.
    pub mean_dps: f64,
    /// Min DPS.
    pub min_dps: f64,
    /// Max DPS.
    pub max_dps: f64,
    /// Standard deviation.
    pub std_dev: f64,
    /// Stat weights JSON.
    pub stat_weights: Option<String>,
    /// Timeline JSON.
    pub timeline: String,
    /// Charts JSON.
    pub charts: String,
    /// The full report JSON.
    pub report: String,
}
