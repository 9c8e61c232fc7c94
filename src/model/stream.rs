//! The SSE events of a job's stream.

use serde::{Deserialize, Serialize};

/// Chart data of a completed job: the report besides stats and timeline, without the sample
/// event log and sequence (large; they are in the full report of `GET /api/simulations/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    /// Targets of the fight.
    #[serde(default)]
    pub targets: u32,
    /// Whether the run stopped early at its target error.
    #[serde(default)]
    pub stopped_at_target_error: bool,
    /// Every line of the rotation as run, with how often it acted.
    #[serde(default)]
    pub apl_lines: Vec<rotasim_engine::insight::AplLineStats>,
    /// APM, active and waiting time by reason.
    #[serde(default)]
    pub waiting: rotasim_engine::insight::TimeAccounting,
    /// Resources generated past their cap.
    #[serde(default)]
    pub overflow: Vec<rotasim_engine::insight::ResourceOverflow>,
    /// Cooldowns left ready.
    #[serde(default)]
    pub cooldown_waste: Vec<rotasim_engine::insight::CooldownWaste>,
}

/// A report in the parts the stream sends apart: the `complete` event carries all but the
/// sample event log.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportParts {
    /// DPS statistics.
    pub stats: rotasim_engine::DpsStats,
    /// Per-second means.
    pub timeline: rotasim_engine::report::Timeline,
    /// Histogram, abilities, buffs, stat weights, targets.
    pub charts: ChartData,
    /// The sample iteration's event log.
    pub sample_log: Vec<rotasim_engine::report::LogEntry>,
    /// The sample iteration's decisions with why-not reasons.
    pub sequence: Option<rotasim_engine::insight::Sequence>,
}

impl From<rotasim_engine::SimReport> for ReportParts {
    fn from(report: rotasim_engine::SimReport) -> ReportParts {
        ReportParts {
            stats: report.stats,
            timeline: report.timeline,
            charts: ChartData {
                histogram: report.histogram,
                abilities: report.abilities,
                buffs: report.buffs,
                stat_weights: report.stat_weights,
                targets: report.targets,
                stopped_at_target_error: report.stopped_at_target_error,
                apl_lines: report.apl_lines,
                waiting: report.waiting,
                overflow: report.overflow,
                cooldown_waste: report.cooldown_waste,
            },
            sample_log: report.sample_log,
            sequence: report.sequence,
        }
    }
}

/// The SSE `id:` of terminal events: the highest id a job's stream can carry, live or replayed
/// from the database, so a client that has seen the end never gets it again.
pub const FINAL_EVENT_ID: u64 = u32::MAX as u64;

/// The SSE events of `GET /api/simulations/{id}/stream` (the seed's names and payloads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "camelCase")]
// A few events per second per job: the partial statistics (the engine's DPS summary) travel
// inline rather than behind a box.
#[allow(clippy::large_enum_variant)]
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
        /// Mean, min, max, error so far (a batch: of its baseline).
        stats: rotasim_engine::PartialStats,
        /// A batch: every variant's statistics so far, in submission order.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variants: Option<Vec<rotasim_engine::PartialStats>>,
    },
    /// The report.
    #[serde(rename_all = "camelCase")]
    Complete {
        /// DPS statistics.
        stats: rotasim_engine::DpsStats,
        /// Per-second means.
        timeline: rotasim_engine::report::Timeline,
        /// Histogram, abilities, buffs, stat weights, targets (no sample log).
        charts: Box<ChartData>,
        /// Stored result id.
        result_id: String,
        /// A batch: every variant ranked, with its difference to the baseline.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        batch: Option<Box<super::BatchResult>>,
    },
    /// The job failed (or the stream cannot be served).
    Error {
        /// What happened.
        message: String,
        /// Machine-readable code.
        code: super::ErrorCode,
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
        let parts = ReportParts::from(report);
        StreamEvent::Complete {
            stats: parts.stats,
            timeline: parts.timeline,
            charts: Box::new(parts.charts),
            result_id,
            batch: None,
        }
    }
}
