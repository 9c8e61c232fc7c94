//! A job's state on its results page, as signals: loaded with the page, then moved along by
//! the events of the job's stream (read by `ui::live`).

use crate::{
    model::{BatchResult, JobProgress, JobStatus, JobView, StreamEvent},
    ui::report::ReportData,
};
use leptos::prelude::*;
use rotasim_engine::PartialStats;
use std::sync::Arc;

/// The state of the connection to the job's stream (changed by the browser only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Connection {
    /// Opening.
    Connecting,
    /// Open.
    Live,
    /// Dropped; reconnecting.
    Reconnecting,
    /// Could not be restored.
    Lost,
}

/// What the page shows of a job.
#[derive(Debug, Clone, Copy)]
pub struct JobState {
    /// The job as loaded, without its report.
    pub job: StoredValue<JobView>,
    /// Lifecycle state.
    pub status: RwSignal<JobStatus>,
    /// Iterations done.
    pub progress: RwSignal<JobProgress>,
    /// Running statistics, from every 10 %.
    pub partial: RwSignal<Option<PartialStats>>,
    /// A batch: every variant's running statistics.
    pub variants: RwSignal<Option<Vec<PartialStats>>>,
    /// A batch's ranked outcome, once completed.
    pub batch: RwSignal<Option<Arc<BatchResult>>>,
    /// Place in the queue.
    pub position: RwSignal<Option<usize>>,
    /// The stream's connection.
    pub connection: RwSignal<Connection>,
    /// Why it failed.
    pub error: RwSignal<Option<String>>,
    /// The report, once completed.
    pub report: RwSignal<Option<Arc<ReportData>>>,
}

impl JobState {
    /// The state of `job` as loaded (with its stored report when it has completed).
    pub fn new(mut job: JobView) -> JobState {
        let report = job
            .result
            .take()
            .map(|r| Arc::new(ReportData::stored(&job, r)));
        let batch = job.batch.take().map(Arc::new);
        JobState {
            variants: RwSignal::new(None),
            batch: RwSignal::new(batch),
            status: RwSignal::new(job.status),
            progress: RwSignal::new(job.progress),
            partial: RwSignal::new(None),
            position: RwSignal::new(None),
            connection: RwSignal::new(Connection::Connecting),
            error: RwSignal::new(job.error.clone()),
            report: RwSignal::new(report),
            job: StoredValue::new(job),
        }
    }

    /// Moves the state along with one event of the stream. The `complete` event's payload is
    /// the report, shown at once (its sample event log is fetched when the Timeline tab needs it).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn apply(&self, event: StreamEvent) {
        match event {
            StreamEvent::Connected { .. } => {}
            StreamEvent::Queued { position } => {
                self.status.set(JobStatus::Queued);
                self.position.set(Some(position));
            }
            StreamEvent::Progress {
                current,
                total,
                percentage,
            } => {
                self.status.set(JobStatus::Running);
                self.progress.set(JobProgress {
                    current,
                    total,
                    percentage,
                });
            }
            StreamEvent::Partial { stats, variants } => {
                self.partial.set(Some(stats));
                if variants.is_some() {
                    self.variants.set(variants);
                }
            }
            StreamEvent::Complete {
                stats,
                timeline,
                charts,
                batch,
                ..
            } => {
                if let Some(b) = batch {
                    self.batch.set(Some(Arc::from(b)));
                }
                let report = self
                    .job
                    .with_value(|job| ReportData::streamed(job, stats, timeline, *charts));
                self.report.set(Some(Arc::new(report)));
                self.status.set(JobStatus::Completed);
            }
            StreamEvent::Error { message, .. } => {
                self.status.set(JobStatus::Failed);
                self.error.set(Some(message));
            }
            StreamEvent::Cancelled => self.status.set(JobStatus::Cancelled),
        }
    }

    /// Follows the job's stream while the page is shown (browser only; nothing to follow when
    /// the job has ended).
    #[cfg(feature = "hydrate")]
    pub fn follow(self) {
        use crate::{
            model::paths,
            ui::live::{LiveMsg, Watch},
        };
        if self.status.get_untracked().is_terminal() {
            return;
        }
        let watch = StoredValue::new_local(None::<Watch>);
        Effect::new(move |_| {
            let url = self.job.with_value(|j| paths::stream(&j.job_id));
            let w = Watch::open(url, move |msg| match msg {
                LiveMsg::Open => self.connection.set(Connection::Live),
                LiveMsg::Reconnecting => self.connection.set(Connection::Reconnecting),
                LiveMsg::Lost => self.connection.set(Connection::Lost),
                LiveMsg::Event(e) => {
                    self.connection.set(Connection::Live);
                    self.apply(*e);
                }
            });
            watch.set_value(Some(w));
        });
        on_cleanup(move || watch.set_value(None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChartData, ErrorCode, JobProgress};

    fn job(status: JobStatus) -> JobView {
        JobView {
            job_id: "j1".into(),
            status,
            progress: JobProgress::new(0, 100),
            rotation_id: Some("fire_mage".into()),
            rotation_version: None,
            spec_id: None,
            spec_version: None,
            edited_since: false,
            rotation_deleted: false,
            snapshot: None,
            variant_count: 0,
            variant_labels: vec![],
            batch: None,
            rotation_name: None,
            rotation_class: None,
            rotation_spec: None,
            fight_type: "aoe".into(),
            duration: 300,
            iterations: 100,
            created_at: "2026-11-22T09:00:00Z".into(),
            started_at: None,
            completed_at: None,
            mean_dps: None,
            error: None,
            error_code: None,
            attempts: 0,
            retry_of: None,
            result_id: None,
            result: None,
        }
    }

    #[test]
    fn the_complete_event_is_the_report_without_its_log() {
        let owner = Owner::new();
        owner.set();
        let state = JobState::new(job(JobStatus::Running));
        state.apply(StreamEvent::Progress {
            current: 50,
            total: 100,
            percentage: 50,
        });
        assert_eq!(state.progress.get_untracked().percentage, 50);
        state.apply(StreamEvent::Complete {
            stats: Default::default(),
            timeline: Default::default(),
            charts: Box::new(ChartData {
                histogram: Default::default(),
                abilities: vec![],
                buffs: vec![],
                stat_weights: None,
                targets: 5,
                stopped_at_target_error: false,
                apl_lines: vec![],
                waiting: Default::default(),
                overflow: vec![],
                cooldown_waste: vec![],
            }),
            result_id: "r1".into(),
            batch: None,
        });
        assert_eq!(state.status.get_untracked(), JobStatus::Completed);
        let report = state.report.get_untracked().expect("a report");
        assert_eq!(
            (report.job_id.as_str(), report.fight.as_str()),
            ("j1", "aoe")
        );
        assert_eq!(report.charts.targets, 5);
        assert!(report.sample.is_none());

        let failed = JobState::new(job(JobStatus::Running));
        failed.apply(StreamEvent::Error {
            message: "boom".into(),
            code: ErrorCode::ExecutionFailed,
        });
        assert_eq!(failed.status.get_untracked(), JobStatus::Failed);
        assert_eq!(failed.error.get_untracked().as_deref(), Some("boom"));
    }
}
