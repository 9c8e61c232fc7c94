//! Types that cross the wire between server and browser (JSON is camelCase).

use serde::{Deserialize, Serialize};

/// What the portal's status server function reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortalStatus {
    /// `sqlite` or `postgres`.
    pub database: String,
    /// Applied schema migrations.
    pub migrations: i64,
    /// Server version.
    pub version: String,
}

/// A rotation a player can simulate (`GET /api/rotations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

/// A simulation job's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

/// `POST /api/simulations` body (bounds: duration 30–900 s, iterations 1–50 000).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSimulationRequest {
    /// Rotation UUID or slug (`GET /api/rotations`).
    pub rotation_id: String,
    /// Fight length in seconds.
    pub duration: f64,
    /// Iterations (the cap when `target_error` is set).
    pub iterations: u32,
    /// `patchwerk`, `movement` or `aoe`.
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
}

impl CreateSimulationRequest {
    /// The problems found without the database or the catalogue, as field → message: a rotation
    /// chosen, a known fight type, and the engine's own range checks of every number and stat.
    /// The browser form shows these before submitting; the server runs the same checks.
    pub fn field_errors(&self) -> std::collections::BTreeMap<String, String> {
        let mut fields = std::collections::BTreeMap::new();
        if self.rotation_id.trim().is_empty() {
            fields.insert("rotationId".to_string(), "choose a rotation".to_string());
        }
        let fight = rotasim_engine::FightKind::parse(&self.fight_type);
        if fight.is_none() {
            fields.insert(
                "fightType".to_string(),
                format!(
                    "unknown fight '{}' (patchwerk, movement or aoe)",
                    self.fight_type
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
        }
    }
}

/// `202` answer to a submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase")]
pub struct JobView {
    /// Job id.
    pub job_id: String,
    /// State.
    pub status: JobStatus,
    /// Iterations done.
    pub progress: JobProgress,
    /// Rotation id as submitted.
    pub rotation_id: String,
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
    pub error_code: Option<String>,
    /// Times a worker has started it (a restart mid-run makes it run again).
    #[serde(default)]
    pub attempts: u32,
    /// The job this one retries.
    #[serde(default)]
    pub retry_of: Option<String>,
    /// Result id, when completed.
    pub result_id: Option<String>,
    /// The report, on the single-job endpoint when completed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub result: Option<rotasim_engine::SimReport>,
}

/// A page of the caller's jobs, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobPage {
    /// Jobs.
    pub results: Vec<JobView>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

/// Chart data of a completed job: the report besides stats and timeline, without the sample
/// event log (large; it is in the full report of `GET /api/simulations/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartData {
    /// DPS distribution.
    pub histogram: rotasim_engine::report::Histogram,
    /// Ability breakdown.
    pub abilities: Vec<rotasim_engine::report::AbilityStats>,
    /// Buff uptimes.
    pub buffs: Vec<rotasim_engine::report::BuffStats>,
    /// Stat weights, when computed.
    pub stat_weights: Option<Vec<rotasim_engine::report::StatWeight>>,
}

/// The SSE events of `GET /api/simulations/{id}/stream` (the seed's names and payloads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum StreamEvent {
    /// First event of every stream.
    #[serde(rename_all = "camelCase")]
    Connected {
        /// The job.
        job_id: String,
    },
    /// Waiting for a worker.
    Queued {
        /// 1 = next to run.
        position: usize,
    },
    /// Iterations done.
    Progress {
        /// Done.
        current: u64,
        /// Planned.
        total: u64,
        /// Rounded percentage.
        percentage: u32,
    },
    /// Running statistics, every 10 %.
    Partial {
        /// Mean, min, max, error so far.
        stats: rotasim_engine::PartialStats,
    },
    /// The report.
    #[serde(rename_all = "camelCase")]
    Complete {
        /// DPS statistics.
        stats: rotasim_engine::DpsStats,
        /// Per-second means.
        timeline: rotasim_engine::report::Timeline,
        /// Histogram, abilities, buffs, stat weights, sample log.
        charts: Box<ChartData>,
        /// Stored result id.
        result_id: String,
    },
    /// The job failed (or the stream cannot be served).
    Error {
        /// What happened.
        message: String,
        /// Machine-readable code.
        code: String,
    },
    /// The job was cancelled.
    Cancelled,
}

impl StreamEvent {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            StreamEvent::Connected { .. } => "connected",
            StreamEvent::Queued { .. } => "queued",
            StreamEvent::Progress { .. } => "progress",
            StreamEvent::Partial { .. } => "partial",
            StreamEvent::Complete { .. } => "complete",
            StreamEvent::Error { .. } => "error",
            StreamEvent::Cancelled => "cancelled",
        }
    }

    /// Whether the stream ends after this event.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            StreamEvent::Complete { .. } | StreamEvent::Error { .. } | StreamEvent::Cancelled
        )
    }

    /// The `complete` event of a report.
    pub fn complete(report: rotasim_engine::SimReport, result_id: String) -> StreamEvent {
        StreamEvent::Complete {
            stats: report.stats,
            timeline: report.timeline,
            charts: Box::new(ChartData {
                histogram: report.histogram,
                abilities: report.abilities,
                buffs: report.buffs,
                stat_weights: report.stat_weights,
            }),
            result_id,
        }
    }
}
