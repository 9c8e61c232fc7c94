//! A web instance's side of the cluster: jobs are queued in PostgreSQL for the worker
//! processes (caps and positions counted there), cancelled there, and watched through local
//! channels that the listener feeds and that are opened from the database's state for a job
//! submitted through another instance.

use super::{
    events::{queued_base, running_base, Notice, STRIDE},
    Cluster,
};
use crate::{
    db::DbError,
    jobs::{CancelOutcome, Inner, JobRequest, SubmitError},
    model::{BatchResult, ErrorCode, JobRecord, JobStatus, StreamEvent, FINAL_EVENT_ID},
    telemetry::metrics::{self, Outcome},
};
use std::sync::{atomic::Ordering, Arc};

impl Inner {
    /// Writes the job as `queued` for the workers, after checking the caps against the
    /// database (so they hold across instances), and tells everyone.
    pub(in crate::jobs) async fn submit_clustered(
        &self,
        cluster: &Cluster,
        mut req: JobRequest,
        priority: i32,
    ) -> Result<(), SubmitError> {
        let (mine, total) = cluster
            .queue
            .queued_counts(req.record.user_id.as_deref())
            .await
            .map_err(DbError::from)?;
        if total >= self.cfg.max_queued_total {
            return Err(SubmitError::QueueFull(self.cfg.max_queued_total));
        }
        if mine >= self.cfg.max_queued_per_owner {
            return Err(SubmitError::OwnerQueueFull(self.cfg.max_queued_per_owner));
        }
        req.record.priority = priority;
        self.db.insert_job(&req.record).await?;
        metrics::queue_depth(total + 1);
        let id = req.record.id.clone();
        self.open_channel(&id);
        cluster.notify(&Notice::Queue).await;
        self.refresh_positions(cluster).await;
        tracing::info!(job_id = %id, rotation = %req.record.rotation_id, priority, "job queued for the workers");
        Ok(())
    }

    /// Cancels a queued or running job in the database, then tells every instance (the worker
    /// running it stops; every stream ends with `cancelled`).
    pub(in crate::jobs) async fn cancel_clustered(
        &self,
        cluster: &Cluster,
        id: &str,
    ) -> Result<CancelOutcome, DbError> {
        if self.db.cancel_job(id).await? {
            self.finish(id, StreamEvent::Cancelled);
            let notice = Notice::for_event(id, FINAL_EVENT_ID, StreamEvent::Cancelled);
            cluster.notify(&notice).await;
            cluster.notify(&Notice::Queue).await;
            metrics::job_finished(Outcome::Cancelled, None);
            tracing::info!(job_id = %id, "job cancelled");
            return Ok(CancelOutcome::Cancelled);
        }
        Ok(match self.db.job(id).await? {
            Some(_) => CancelOutcome::AlreadyFinished,
            None => CancelOutcome::NotFound,
        })
    }

    /// Opens a channel for a queued or running job that this instance has none for
    /// (submitted through another instance, or before this one started) with the database's
    /// state of it; false when the job has ended. The caller subscribes, then calls
    /// [`Inner::settle_opened`].
    pub(in crate::jobs) fn open_from_db(&self, job: &JobRecord) -> bool {
        if !matches!(job.status, JobStatus::Queued | JobStatus::Running) {
            return false;
        }
        let mut map = self.channels.lock().expect("channels");
        if map.contains_key(&job.id) {
            return true;
        }
        let channel = crate::jobs::pubsub::JobChannel::new(64);
        if job.status == JobStatus::Running {
            let p = crate::model::JobProgress::new(
                job.progress_current.max(0) as u64,
                job.progress_total.max(0) as u64,
            );
            let event = StreamEvent::Progress {
                current: p.current,
                total: p.total,
                percentage: p.percentage,
            };
            channel.publish_at(running_base(job.attempts) + 1, event);
        }
        map.insert(job.id.clone(), channel);
        true
    }

    /// After [`Inner::open_from_db`] and a subscription: the job's queue position, and its
    /// final event should it have ended between the caller's read and the subscription.
    pub(in crate::jobs) async fn settle_opened(&self, cluster: &Cluster, id: &str) {
        self.refresh_positions(cluster).await;
        self.publish_stored_final(id).await;
    }

    /// Schedules one refresh of the queue positions (several notifications in a burst lead to
    /// one query).
    pub(in crate::jobs) fn schedule_refresh(self: &Arc<Self>, cluster: &Arc<Cluster>) {
        if cluster.refresh_pending.swap(true, Ordering::AcqRel) {
            return;
        }
        let (inner, cluster) = (self.clone(), cluster.clone());
        tokio::spawn(async move {
            cluster.refresh_pending.store(false, Ordering::Release);
            inner.refresh_positions(&cluster).await;
        });
    }

    /// Announces the current queue position of every queued job with a channel here, when it
    /// changed.
    pub(in crate::jobs) async fn refresh_positions(&self, cluster: &Cluster) {
        let ids: Vec<String> = {
            let map = self.channels.lock().expect("channels");
            map.iter()
                .filter(|(_, c)| c.terminal().is_none())
                .map(|(id, _)| id.clone())
                .collect()
        };
        let positions = match cluster.queue.positions(&ids).await {
            Ok(p) => p,
            Err(e) => {
                tracing::debug!(error = %e, "queue positions not read");
                return;
            }
        };
        for (id, position, attempts) in positions {
            let Some(c) = self.channel(&id) else { continue };
            // A read from before the job's next start must not follow that start's events.
            let stale = c.last_id() >= running_base(attempts) + STRIDE;
            if !stale && c.queued_position() != Some(position) {
                c.publish_at(queued_base(attempts), StreamEvent::Queued { position });
            }
        }
    }

    /// After the listener (re)connects: jobs with a channel here that ended meanwhile get their
    /// final event from the database, and queue positions are announced again.
    pub(in crate::jobs) async fn resync(&self, cluster: &Cluster) {
        if cluster.role == crate::settings::Role::Worker {
            return;
        }
        let ids: Vec<String> = {
            let map = self.channels.lock().expect("channels");
            map.iter()
                .filter(|(_, c)| c.terminal().is_none())
                .map(|(id, _)| id.clone())
                .collect()
        };
        for id in ids {
            self.publish_stored_final(&id).await;
        }
        self.refresh_positions(cluster).await;
    }

    /// Publishes the job's final event from the database to its channel here, when it has
    /// ended.
    pub(in crate::jobs) async fn publish_stored_final(&self, id: &str) {
        let record = match self.db.job(id).await {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(job_id = %id, error = %e, "job state not read");
                return;
            }
        };
        if let Some(event) = self.stored_final(&record).await {
            self.finish(id, event);
        }
    }

    /// The final event of an ended job, from the database (`None` while it is unfinished).
    async fn stored_final(&self, job: &JobRecord) -> Option<StreamEvent> {
        Some(match job.status {
            JobStatus::Queued | JobStatus::Running => return None,
            JobStatus::Cancelled => StreamEvent::Cancelled,
            JobStatus::Failed => StreamEvent::Error {
                message: job
                    .error_message
                    .clone()
                    .unwrap_or_else(|| "Simulation failed".into()),
                code: job.error_code.unwrap_or(ErrorCode::Failed),
            },
            JobStatus::Completed => {
                let missing = StreamEvent::Error {
                    message: "the stored result is unreadable".into(),
                    code: ErrorCode::ResultMissing,
                };
                let (Some(rid), Some(owner)) = (&job.result_id, &job.user_id) else {
                    return Some(missing);
                };
                let report = self
                    .db
                    .result_report(rid, owner)
                    .await
                    .ok()
                    .flatten()
                    .and_then(|t| serde_json::from_str::<rotasim_engine::SimReport>(&t).ok());
                let Some(report) = report else {
                    return Some(missing);
                };
                let batch = match job.variant_count > 0 {
                    true => self
                        .db
                        .result_batch(rid, owner)
                        .await
                        .ok()
                        .flatten()
                        .and_then(|t| serde_json::from_str::<BatchResult>(&t).ok()),
                    false => None,
                };
                let mut event = StreamEvent::complete(report, rid.clone());
                if let StreamEvent::Complete { batch: b, .. } = &mut event {
                    *b = batch.map(Box::new);
                }
                event
            }
        })
    }
}
