//! A result computed is a result kept: a job's final state (its result, or its failure) is
//! written at once when the database answers, and otherwise held in memory and written with
//! retries and backoff until it does. Subscribers are told as soon as the outcome exists; the
//! row catches up. Holding is bounded: past `max_pending_results`, or when the process stops,
//! the job stays `running` in the database and runs again (on the database's return in this
//! process, or at the next start).

use super::{Inner, JobRequest, Queued};
use crate::{
    db::{DbError, NewResult},
    model::{ErrorCode, JobStatus, StreamEvent},
    telemetry::metrics::{self, Outcome},
};
use std::{
    sync::Arc,
    time::{Duration, Instant},
};

/// The longest one attempt at a final write may take before it counts as failed.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// A first write not done by then is left to finish in the background and the outcome is
/// announced: subscribers never wait on a slow or absent database.
const ANNOUNCE_AFTER: Duration = Duration::from_secs(1);
/// First pause between two attempts; doubled after each failure up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// Longest pause between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// A write that is under way in the background.
type InFlight = tokio::task::JoinHandle<Result<bool, DbError>>;

/// A job's final state, to be written.
#[derive(Debug, Clone)]
pub(super) enum Final {
    /// The report and the job's `completed` state, in one transaction.
    Completed(Box<NewResult>),
    /// The job failed.
    Failed {
        /// Shown to the user.
        message: String,
        /// Machine-readable reason.
        code: ErrorCode,
    },
}

/// How the first attempt went.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Written {
    /// Stored.
    Now,
    /// The job had already ended (cancelled meanwhile): nothing stored.
    Superseded,
    /// The database did not answer: held and retried in the background.
    Deferred,
    /// The database did not answer and too many results are held already: this one is not
    /// kept (nor announced); the job runs again when the database answers.
    Dropped,
    /// The database refused it for good (not an outage).
    Refused(String),
}

impl Inner {
    /// One attempt at writing `fin`; `Err` when the database is unreachable.
    /// `claim`: the worker process's claim the job ran under (see [`Inner::claimed_as`]).
    async fn write_final(
        &self,
        id: &str,
        fin: &Final,
        claim: Option<&str>,
    ) -> Result<bool, DbError> {
        let attempt = async {
            match fin {
                Final::Completed(result) => self.db.complete_job_as(id, result, claim).await,
                Final::Failed { message, code } => self.db.fail_job(id, message, *code).await,
            }
        };
        let r = match tokio::time::timeout(WRITE_TIMEOUT, attempt).await {
            Ok(r) => r,
            Err(_) => Err(DbError::Sqlx(sqlx::Error::PoolTimedOut)),
        };
        self.db.health().observe(&r);
        r
    }

    /// Writes `fin` now, or holds it and keeps trying when the database is unreachable or slow.
    /// The caller announces the outcome unless the answer is [`Written::Superseded`] or
    /// [`Written::Refused`].
    pub(super) async fn persist_final(self: &Arc<Self>, id: &str, fin: Final) -> Written {
        let fin = Arc::new(fin);
        // Taken now, while the run's claim is current (a held write may land after a re-claim).
        let claim = self.claimed_as(id);
        let mut first: InFlight = {
            let (inner, id, fin, claim) =
                (self.clone(), id.to_string(), fin.clone(), claim.clone());
            tokio::spawn(async move { inner.write_final(&id, &fin, claim.as_deref()).await })
        };
        match tokio::time::timeout(ANNOUNCE_AFTER, &mut first).await {
            Ok(joined) => match joined.unwrap_or(Err(DbError::Sqlx(sqlx::Error::WorkerCrashed))) {
                Ok(true) => Written::Now,
                Ok(false) => Written::Superseded,
                Err(e) if e.is_unavailable() => {
                    tracing::warn!(job_id = %id, error = %e, "final state not written: the database is unavailable");
                    self.hold(id, fin, None, claim)
                }
                Err(e) => Written::Refused(e.to_string()),
            },
            Err(_) => self.hold(id, fin, Some(first), claim),
        }
    }

    /// Keeps `fin` in memory (within `max_pending_results`) and writes it in the background,
    /// after the write `first` still under way, if any.
    fn hold(
        self: &Arc<Self>,
        id: &str,
        fin: Arc<Final>,
        first: Option<InFlight>,
        claim: Option<String>,
    ) -> Written {
        metrics::deferred_write();
        let held = {
            let mut pending = self.pending.lock().expect("pending");
            let room = pending.len() < self.cfg.max_pending_results;
            if room {
                pending.insert(id.to_string());
                metrics::pending_results(pending.len());
            }
            room
        };
        if held {
            tracing::warn!(job_id = %id, "final state held in memory until the database takes it");
        } else {
            tracing::warn!(job_id = %id, limit = self.cfg.max_pending_results, "too many results held: this job runs again when the database answers");
        }
        let (inner, id) = (self.clone(), id.to_string());
        tokio::spawn(async move {
            inner
                .retry_final(&id, &fin, first, held, claim.as_deref())
                .await
        });
        if held {
            Written::Deferred
        } else {
            Written::Dropped
        }
    }

    /// Writes a held final state: waits for `first` (a write under way), then retries with
    /// backoff until one lands. Without `held` (over the memory cap) there are no retries: the
    /// job runs again when the database answers. Ends, leaving the job for the next start, when
    /// the database has been closed by a shutdown.
    async fn retry_final(
        self: Arc<Self>,
        id: &str,
        fin: &Final,
        first: Option<InFlight>,
        held: bool,
        claim: Option<&str>,
    ) {
        let since = Instant::now();
        let mut backoff = FIRST_BACKOFF;
        let mut attempts = 1u32;
        let mut outcome = match first {
            Some(h) => h
                .await
                .unwrap_or(Err(DbError::Sqlx(sqlx::Error::WorkerCrashed))),
            None => Err(DbError::Sqlx(sqlx::Error::PoolTimedOut)),
        };
        loop {
            match outcome {
                Ok(stored) => {
                    tracing::info!(job_id = %id, attempts, held_ms = since.elapsed().as_millis() as u64, stored, "held final state written");
                    break;
                }
                Err(DbError::Sqlx(sqlx::Error::PoolClosed)) => {
                    tracing::warn!(job_id = %id, "shutting down with a held result: the job runs again at the next start");
                    break;
                }
                Err(e) if e.is_unavailable() && held => {
                    if attempts > 1 {
                        metrics::deferred_write();
                    }
                    self.db.health().wait_up().await;
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    attempts += 1;
                    outcome = self.write_final(id, fin, claim).await;
                }
                Err(e) => {
                    // An earlier attempt whose answer was lost may have landed after all.
                    let landed =
                        matches!(self.db.job(id).await, Ok(Some(j)) if j.status.is_terminal());
                    if landed {
                        tracing::info!(job_id = %id, attempts, "held final state had landed already");
                    } else {
                        tracing::warn!(job_id = %id, error = %e, "final state not kept: the job is checked when the database answers");
                        self.orphans.lock().expect("orphans").insert(id.to_string());
                    }
                    break;
                }
            }
        }
        let left = {
            let mut pending = self.pending.lock().expect("pending");
            pending.remove(id);
            pending.len()
        };
        metrics::pending_results(left);
        self.release(id);
    }

    /// True while `id`'s final state is held in memory.
    pub(super) fn is_pending(&self, id: &str) -> bool {
        self.pending.lock().expect("pending").contains(id)
    }

    /// After an outage: every job of this process whose outcome could not be kept is checked
    /// against the database; one still `running` (or `queued`) without a worker here runs again.
    pub(super) async fn reconcile(self: &Arc<Self>) {
        let ids: Vec<String> = self.orphans.lock().expect("orphans").drain().collect();
        for id in ids {
            let record = match self.db.job(&id).await {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(e) => {
                    self.db.health().observe_error(&e);
                    self.orphans.lock().expect("orphans").insert(id);
                    continue;
                }
            };
            let busy = self.running.lock().expect("running").contains_key(&id)
                || self.is_pending(&id)
                || self.queue.lock().await.iter().any(|j| j.req.id() == id);
            if busy || !matches!(record.status, JobStatus::Running | JobStatus::Queued) {
                continue;
            }
            if let Err(e) = self.take_back(record).await {
                self.db.health().observe_error(&e);
                self.orphans.lock().expect("orphans").insert(id);
            }
        }
    }

    /// Puts a stored `queued` or `running` job back into this process's queue (a `running` one
    /// is marked `queued` first); one that no longer validates fails. True when queued.
    pub(super) async fn take_back(&self, record: crate::model::JobRecord) -> Result<bool, DbError> {
        let id = record.id.clone();
        if record.status == JobStatus::Running {
            self.db.requeue_job(&id).await?;
        }
        match JobRequest::from_record(record, &self.catalog) {
            Some(req) => {
                let mut q = self.queue.lock().await;
                if self.channel(&id).is_none() {
                    self.open_channel(&id);
                }
                q.push_back(Queued {
                    req,
                    since: Instant::now(),
                    start: 0.0,
                    finish: 0.0,
                });
                self.announce_positions(&q);
                drop(q);
                self.notify.notify_one();
                tracing::info!(job_id = %id, "job taken back into the queue");
                Ok(true)
            }
            None => {
                let message = "The job's configuration is no longer valid";
                let code = ErrorCode::InvalidConfig;
                self.db.fail_job(&id, message, code).await?;
                metrics::job_finished(Outcome::Failed, None);
                self.finish(
                    &id,
                    StreamEvent::Error {
                        message: message.into(),
                        code,
                    },
                );
                Ok(false)
            }
        }
    }
}
