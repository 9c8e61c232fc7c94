//! What the report's tabs show, from either of its sources: a stored report (a finished job's
//! page, rendered from the database) or the `complete` event of the job's stream, which carries
//! everything but the sample event log.

use crate::model::{ChartData, JobView, ReportParts};
use rotasim_engine::{
    insight::Sequence,
    report::{LogEntry, Timeline},
    DpsStats, SimReport,
};
use std::sync::Arc;

/// A completed job's report as the tabs show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    /// The job, to fetch the sample event log of when it is not at hand (empty for a shared
    /// result, which always has its log).
    pub job_id: String,
    /// Fight style (`patchwerk`, `movement`, `aoe`).
    pub fight: String,
    /// DPS statistics.
    pub stats: DpsStats,
    /// Per-second means.
    pub timeline: Timeline,
    /// Histogram, abilities, buffs, stat weights, targets.
    pub charts: ChartData,
    /// The sample iteration's event log and decisions, when at hand (the stream leaves them out).
    pub sample: Option<Arc<Sample>>,
}

/// The sample iteration: its event log and its decisions with why-not reasons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sample {
    /// Event log.
    pub log: Vec<LogEntry>,
    /// Decisions (reports from before the rotation insight have none).
    pub sequence: Option<Sequence>,
}

impl Sample {
    /// The sample of a stored report.
    pub fn of(report: SimReport) -> Sample {
        Sample {
            log: report.sample_log,
            sequence: report.sequence,
        }
    }
}

impl ReportData {
    /// The stored report of `job`, with its sample event log when it carries one (a report
    /// read for its page leaves it out: the tabs that show it fetch it).
    pub fn stored(job: &JobView, report: SimReport) -> ReportData {
        let parts = ReportParts::from(report);
        let mut data = ReportData::streamed(job, parts.stats, parts.timeline, parts.charts);
        data.sample = (!parts.sample_log.is_empty() || parts.sequence.is_some()).then(|| {
            Arc::new(Sample {
                log: parts.sample_log,
                sequence: parts.sequence,
            })
        });
        data
    }

    /// A shared result's report, with its sample event log (and no job id).
    pub fn shared(fight: &str, report: SimReport) -> ReportData {
        let parts = ReportParts::from(report);
        ReportData {
            job_id: String::new(),
            fight: fight.to_string(),
            stats: parts.stats,
            timeline: parts.timeline,
            charts: parts.charts,
            sample: Some(Arc::new(Sample {
                log: parts.sample_log,
                sequence: parts.sequence,
            })),
        }
    }

    /// The report of `job` as its stream's `complete` event carries it (no sample event log).
    pub fn streamed(
        job: &JobView,
        stats: DpsStats,
        timeline: Timeline,
        charts: ChartData,
    ) -> ReportData {
        ReportData {
            job_id: job.job_id.clone(),
            fight: job.fight_type.clone(),
            stats,
            timeline,
            charts,
            sample: None,
        }
    }
}
