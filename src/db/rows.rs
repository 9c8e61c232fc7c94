//! Rows read from and written to the database.

/// A job row joined with its rotation's name and spec and its result's mean DPS.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct JobRow {
    /// Job id.
    pub id: String,
    /// Owner.
    pub user_id: Option<String>,
    /// `queued` … `cancelled`.
    pub status: String,
    /// Rotation UUID.
    pub rotation_id: String,
    /// Rotation name.
    pub rotation_name: Option<String>,
    /// Rotation class (e.g. "Mage").
    pub rotation_class: Option<String>,
    /// Rotation spec (e.g. "Fire").
    pub rotation_spec: Option<String>,
    /// Requested length.
    pub duration: i32,
    /// Requested iterations.
    pub iterations: i32,
    /// Fight style.
    pub fight_type: String,
    /// The validated request (JSON).
    pub config: String,
    /// Iterations done.
    pub progress_current: i32,
    /// Iterations planned.
    pub progress_total: i32,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub started_at: Option<String>,
    /// RFC 3339.
    pub completed_at: Option<String>,
    /// Result, when completed.
    pub result_id: Option<String>,
    /// Mean DPS of the result.
    pub mean_dps: Option<f64>,
    /// Failure message.
    pub error_message: Option<String>,
    /// Failure code.
    pub error_code: Option<String>,
    /// Times a worker started it.
    pub attempts: i32,
    /// Seed.
    pub seed: i64,
    /// Priority (higher first).
    pub priority: i32,
    /// The job this one retries.
    pub retry_of: Option<String>,
}

/// A job to insert, already validated.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// Job id.
    pub id: String,
    /// Owner.
    pub user_id: Option<String>,
    /// Rotation UUID.
    pub rotation_id: String,
    /// Requested length.
    pub duration: i32,
    /// Requested iterations.
    pub iterations: i32,
    /// Fight style.
    pub fight_type: String,
    /// Character JSON.
    pub character: Option<String>,
    /// The validated request JSON.
    pub config: String,
    /// Iterations planned.
    pub total: i32,
    /// Seed.
    pub seed: i64,
    /// Priority.
    pub priority: i32,
    /// The job this one retries.
    pub retry_of: Option<String>,
}

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
