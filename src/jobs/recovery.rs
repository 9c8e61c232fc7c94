//! Start-up recovery: what a previous process left queued or running is queued again, or failed
//! when it has used up its attempts or no longer validates.

use super::JobManager;
use crate::{
    db,
    model::{ErrorCode, JobStatus},
    telemetry::metrics::{self, Outcome},
};

/// The message of a job that ran out of attempts across restarts.
pub const RESTARTED_MESSAGE: &str = "Server restarted during execution";

/// What start-up recovery did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recovered {
    /// Jobs left queued, queued again.
    pub requeued: usize,
    /// Jobs left running, queued to run again.
    pub rerun: usize,
    /// Jobs failed (out of attempts or no longer valid).
    pub failed: usize,
}

impl JobManager {
    /// Picks up what a previous process left: jobs left `queued` are queued again in their
    /// original order; jobs left `running` run again while they have had fewer than
    /// `max_attempts` starts, else they fail with [`RESTARTED_MESSAGE`]. A web or worker
    /// process leaves them to the reaper ([`super::cluster`]).
    pub async fn recover(&self) -> Result<Recovered, db::DbError> {
        let inner = &self.inner;
        let mut out = Recovered::default();
        if inner.cluster.is_some() {
            // Other processes may be running these jobs: expired leases are the reaper's.
            return Ok(out);
        }
        for record in inner.db.unfinished_jobs().await? {
            let id = record.id.clone();
            let was_running = record.status == JobStatus::Running;
            if was_running && record.attempts.max(0) as u32 >= inner.cfg.max_attempts {
                inner
                    .db
                    .fail_job(&id, RESTARTED_MESSAGE, ErrorCode::ServerRestarted)
                    .await?;
                tracing::warn!(job_id = %id, attempts = record.attempts, "interrupted job failed: no attempts left");
                metrics::job_finished(Outcome::Failed, None);
                out.failed += 1;
                continue;
            }
            let attempts = record.attempts;
            // Recovered jobs keep their order at the head of the queue.
            if !inner.take_back(record).await? {
                out.failed += 1;
            } else if was_running {
                tracing::info!(job_id = %id, attempts, "interrupted job will run again");
                out.rerun += 1;
            } else {
                out.requeued += 1;
            }
        }
        Ok(out)
    }
}
