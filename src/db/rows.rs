//! Rows that are not model records: the result written when a job completes (job records are
//! [`crate::model::JobRecord`]) and a saved character as stored (its stats as JSON text).

/// A completed simulation to store.
#[derive(Debug, Clone)]
pub struct NewResult {
    /// Result UUID.
    pub id: String,
    /// Rotation UUID (`None` for an inline APL).
    pub rotation_id: Option<String>,
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
    /// A batch's ranked variants JSON.
    pub batch: Option<String>,
}

/// A saved character as stored: [`crate::model::SavedCharacter`] with its stats as JSON text.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CharacterRow {
    /// UUID.
    pub id: String,
    /// The spec.
    pub spec_id: String,
    /// Display name.
    pub name: String,
    /// The engine `Character` as JSON.
    pub stats: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}
