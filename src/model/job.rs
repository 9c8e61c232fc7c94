//! A simulation job as it crosses the wire: its status, progress, view and history page.

use super::ErrorCode;
use serde::{Deserialize, Serialize};

/// A simulation job's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "lowercase")
)]
pub enum JobStatus {
    /// Waiting for a worker.
    Queued,
    /// Being simulated.
    Running,
    /// Finished with a report.
    Completed,
    /// Stopped by an error.
    Failed,
    /// Stopped by its owner.
    Cancelled,
}

impl JobStatus {
    /// The lower-case name stored in the database and shown on badges.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<JobStatus> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Completed,
            JobStatus::Failed,
            JobStatus::Cancelled,
        ]
        .into_iter()
        .find(|j| j.as_str() == s)
    }

    /// Whether the job has ended.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled
        )
    }
}

/// A simulation job as stored in `simulation_jobs`: the one record the database writes and
/// reads (joined, when read, with its rotation's names and its result's mean DPS). The API's
/// [`JobView`] is a conversion of it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct JobRecord {
    /// Job id.
    pub id: String,
    /// Owner.
    pub user_id: Option<String>,
    /// Lifecycle state.
    pub status: JobStatus,
    /// Rotation UUID; empty for an inline APL.
    pub rotation_id: String,
    /// Rotation name: the current one, or the one it had when submitted (written on insert).
    pub rotation_name: Option<String>,
    /// Rotation class, e.g. "Mage" (read only).
    pub rotation_class: Option<String>,
    /// Rotation spec, e.g. "Fire" (read only).
    pub rotation_spec: Option<String>,
    /// Requested fight length, seconds.
    pub duration: i32,
    /// Requested iterations.
    pub iterations: i32,
    /// Fight style.
    pub fight_type: String,
    /// The character the job runs with, as JSON (when the request named one).
    pub character: Option<String>,
    /// The validated engine configuration, as JSON.
    pub config: String,
    /// Iterations done.
    pub progress_current: i32,
    /// Iterations planned (all passes of a stat-weight run).
    pub progress_total: i32,
    /// Submission time, RFC 3339 (set by the database).
    pub created_at: String,
    /// When a worker took it.
    pub started_at: Option<String>,
    /// When it ended.
    pub completed_at: Option<String>,
    /// Result, when completed.
    pub result_id: Option<String>,
    /// Mean DPS of the result (read only).
    pub mean_dps: Option<f64>,
    /// Failure message.
    pub error_message: Option<String>,
    /// Failure code.
    pub error_code: Option<ErrorCode>,
    /// Times a worker started it.
    pub attempts: i32,
    /// RNG seed.
    pub seed: i64,
    /// Priority (higher first).
    pub priority: i32,
    /// The job this one retries.
    pub retry_of: Option<String>,
    /// The version of the rotation it ran (`None` for an inline APL and for old jobs).
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub rotation_version: Option<i32>,
    /// The engine spec it ran on.
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub spec_id: Option<String>,
    /// The spec data's version then (a digest of the spec file).
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub spec_version: Option<String>,
    /// The rotation's APL has changed since this job was submitted.
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub edited_since: bool,
    /// The rotation it ran has been deleted since.
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub rotation_deleted: bool,
    /// A batch: what each variant ran, as JSON (`None` for a single run).
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub variants: Option<String>,
    /// A batch's number of variants (0 for a single run).
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub variant_count: i32,
}

impl JobRecord {
    /// Progress as the API reports it (a completed job is at 100 %).
    pub fn progress(&self) -> JobProgress {
        let current = if self.status == JobStatus::Completed {
            self.progress_total
        } else {
            self.progress_current
        };
        JobProgress::new(current.max(0) as u64, self.progress_total.max(0) as u64)
    }
}

impl From<JobRecord> for JobView {
    fn from(r: JobRecord) -> JobView {
        JobView {
            progress: r.progress(),
            job_id: r.id,
            status: r.status,
            rotation_id: (!r.rotation_id.is_empty()).then_some(r.rotation_id),
            rotation_version: r.rotation_version,
            spec_id: r.spec_id,
            spec_version: r.spec_version,
            edited_since: r.edited_since,
            rotation_deleted: r.rotation_deleted,
            snapshot: None,
            variant_count: r.variant_count.max(0) as u32,
            variant_labels: Vec::new(),
            batch: None,
            rotation_name: r.rotation_name,
            rotation_class: r.rotation_class,
            rotation_spec: r.rotation_spec,
            fight_type: r.fight_type,
            duration: r.duration.max(0) as u32,
            iterations: r.iterations.max(0) as u32,
            created_at: r.created_at,
            started_at: r.started_at,
            completed_at: r.completed_at,
            mean_dps: r.mean_dps,
            error: r.error_message,
            error_code: r.error_code,
            attempts: r.attempts.max(0) as u32,
            retry_of: r.retry_of,
            result_id: r.result_id,
            result: None,
        }
    }
}

/// `202` answer to a submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatedJob {
    /// The new job's id.
    pub job_id: String,
    /// Always `queued`.
    pub status: JobStatus,
    /// Where to watch it.
    pub stream_url: String,
}

/// Iterations done of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    /// Iterations done.
    pub current: u64,
    /// Iterations planned.
    pub total: u64,
    /// Rounded percentage.
    pub percentage: u32,
}

impl JobProgress {
    /// Progress of `current` out of `total`.
    pub fn new(current: u64, total: u64) -> JobProgress {
        let percentage = (current * 100)
            .checked_div(total)
            .map_or(0, |p| p.min(100) as u32);
        JobProgress {
            current,
            total,
            percentage,
        }
    }
}

/// A job as the API shows it (`GET /api/simulations/{id}` and the history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    /// Job id.
    pub job_id: String,
    /// State.
    pub status: JobStatus,
    /// Iterations done.
    pub progress: JobProgress,
    /// The rotation it ran (`null` for an inline APL).
    pub rotation_id: Option<String>,
    /// Rotation display name.
    pub rotation_name: Option<String>,
    /// Rotation class (e.g. "Mage").
    #[serde(default)]
    pub rotation_class: Option<String>,
    /// Rotation spec (e.g. "Fire").
    #[serde(default)]
    pub rotation_spec: Option<String>,
    /// Fight style.
    pub fight_type: String,
    /// Requested fight length.
    pub duration: u32,
    /// Requested iterations.
    pub iterations: u32,
    /// When it was submitted (RFC 3339, UTC).
    pub created_at: String,
    /// When a worker took it.
    pub started_at: Option<String>,
    /// When it ended.
    pub completed_at: Option<String>,
    /// Mean DPS, when completed.
    pub mean_dps: Option<f64>,
    /// Why it failed.
    pub error: Option<String>,
    /// Machine-readable failure code (`SERVER_RESTARTED`, `EXECUTION_FAILED`, …).
    #[serde(default)]
    pub error_code: Option<ErrorCode>,
    /// Times a worker has started it (a restart mid-run makes it run again).
    #[serde(default)]
    pub attempts: u32,
    /// The job this one retries.
    #[serde(default)]
    pub retry_of: Option<String>,
    /// Result id, when completed.
    pub result_id: Option<String>,
    /// The version of the rotation it ran.
    #[serde(default)]
    pub rotation_version: Option<i32>,
    /// The engine spec it ran on.
    #[serde(default)]
    pub spec_id: Option<String>,
    /// The spec data's version then.
    #[serde(default)]
    pub spec_version: Option<String>,
    /// The rotation's APL has changed since.
    #[serde(default)]
    pub edited_since: bool,
    /// The rotation has been deleted since.
    #[serde(default)]
    pub rotation_deleted: bool,
    /// A batch's number of variants (0 for a single run).
    #[serde(default)]
    pub variant_count: u32,
    /// A batch's variant labels, baseline first (single-job endpoint only).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub variant_labels: Vec<String>,
    /// A completed batch's ranked variants (single-job endpoint only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub batch: Option<super::BatchResult>,
    /// Exactly what ran (single-job endpoint only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub snapshot: Option<JobSnapshot>,
    /// The report, on the single-job endpoint when completed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub result: Option<rotasim_engine::SimReport>,
}

/// What a job ran, kept with it: enough to read the result after its rotation changed and to
/// run it again exactly ("Sim again" reuses the seed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobSnapshot {
    /// The engine spec.
    pub spec_id: String,
    /// The spec data's version then (`null` for jobs from before snapshots).
    pub spec_version: Option<String>,
    /// The APL text.
    pub apl: String,
    /// The character simulated (`null`: the spec's default).
    pub character: Option<rotasim_engine::Character>,
    /// The seed (as a string: it does not fit a JavaScript number).
    pub seed: String,
    /// Targets of an aoe fight.
    pub targets: Option<u32>,
    /// The 95 % error it stopped at, if asked.
    pub target_error: Option<f64>,
    /// Whether stat weights were computed.
    pub stat_weights: bool,
    /// The raid buffs and externals it ran with (`null` for jobs from before they existed).
    #[serde(default)]
    pub raid: Option<rotasim_engine::RaidBuffs>,
    /// The reaction time it ran with (`null` for jobs from before it existed).
    #[serde(default)]
    pub reaction: Option<rotasim_engine::Reaction>,
    /// The latency it ran with (`null` for jobs from before it existed).
    #[serde(default)]
    pub latency: Option<rotasim_engine::Latency>,
}

/// A page of the caller's jobs, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobPage {
    /// Jobs.
    pub results: Vec<JobView>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}
