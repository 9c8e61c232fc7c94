//! The job queue in PostgreSQL, for worker processes on several machines: the claim, lease and
//! reap SQL in one place. A worker claims the oldest queued job of the highest priority with
//! `FOR UPDATE SKIP LOCKED` (concurrent claimers never wait on each other nor take one job
//! twice) and holds it under a lease (`worker_id`, `lease_until`) that it renews while the job
//! runs; any instance re-queues jobs whose lease has expired (their worker died or lost the
//! database), or fails them once they have used up their attempts.

use crate::{
    db::{queries::JOB_SELECT, Dialect},
    model::{ErrorCode, JobRecord},
};
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

/// The message of a job whose worker was lost once too often.
pub const WORKER_LOST_MESSAGE: &str = "The worker running this simulation stopped responding";

/// The claim order: priority first, then age (then id, so the order is total).
const QUEUE_ORDER: &str = "priority DESC, created_at, id";

/// What one pass of the reaper did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reaped {
    /// Jobs queued again (their lease expired with attempts left).
    pub requeued: Vec<String>,
    /// Jobs failed with [`ErrorCode::WorkerLost`] (no attempts left).
    pub failed: Vec<String>,
}

/// The queue's connection and lease length.
#[derive(Debug, Clone)]
pub struct PgQueue {
    pool: PgPool,
    lease: Duration,
}

impl PgQueue {
    /// Connects to `url` with a small pool of its own (claims, renewals, notifications).
    pub async fn connect(url: &str, lease: Duration) -> Result<PgQueue, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(6)
            .acquire_timeout(crate::db::ACQUIRE_TIMEOUT)
            .connect(url)
            .await?;
        Ok(PgQueue::new(pool, lease))
    }

    /// A queue on an open pool.
    pub fn new(pool: PgPool, lease: Duration) -> PgQueue {
        PgQueue { pool, lease }
    }

    /// The pool (notifications and the listener use it too).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// How long a claim holds without renewal.
    pub fn lease(&self) -> Duration {
        self.lease
    }

    fn lease_secs(&self) -> f64 {
        self.lease.as_secs_f64()
    }

    /// Claims the next queued job under the claim token `worker` (the worker's name and a
    /// number, stored as `worker_id`): `queued` → `running` under a fresh lease, counting an
    /// attempt. `None` when nothing is queued (or everything queued is being
    /// claimed by others at this moment).
    pub async fn claim(&self, worker: &str) -> Result<Option<JobRecord>, sqlx::Error> {
        let claimed: Option<String> = sqlx::query_scalar(&format!(
            "UPDATE simulation_jobs SET status = 'running', worker_id = $1, \
             lease_until = NOW() + make_interval(secs => $2), started_at = NOW(), \
             heartbeat_at = NOW(), attempts = attempts + 1, progress_current = 0 \
             WHERE status = 'queued' AND id = (SELECT id FROM simulation_jobs \
                 WHERE status = 'queued' ORDER BY {QUEUE_ORDER} LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING id"
        ))
        .bind(worker)
        .bind(self.lease_secs())
        .fetch_optional(&self.pool)
        .await?;
        let Some(id) = claimed else { return Ok(None) };
        let sql = Dialect::Postgres.sql(&format!("{JOB_SELECT} WHERE j.id = $1"));
        sqlx::query_as(&sql)
            .bind(&id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Extends the lease of the claim `worker` on a running job; false when the job is no longer
    /// running under that claim (cancelled, or re-queued after the lease expired): the worker stops it.
    pub async fn renew(&self, id: &str, worker: &str) -> Result<bool, sqlx::Error> {
        let n = sqlx::query(
            "UPDATE simulation_jobs SET lease_until = NOW() + make_interval(secs => $3), \
             heartbeat_at = NOW() WHERE id = $1 AND worker_id = $2 AND status = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(self.lease_secs())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Gives a running job back (a worker shutting down): queued again at once, the attempt not
    /// counted. False when it is not running under the claim `worker`.
    pub async fn release(&self, id: &str, worker: &str) -> Result<bool, sqlx::Error> {
        let n = sqlx::query(
            "UPDATE simulation_jobs SET status = 'queued', worker_id = NULL, lease_until = NULL, \
             progress_current = 0, attempts = GREATEST(attempts - 1, 0) \
             WHERE id = $1 AND worker_id = $2 AND status = 'running'",
        )
        .bind(id)
        .bind(worker)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Re-queues running jobs whose lease has expired while they have had fewer than
    /// `max_attempts` starts, and fails the others with [`ErrorCode::WorkerLost`]. Safe to run
    /// in every instance at once: each expired job is handled by exactly one of them.
    pub async fn reap(&self, max_attempts: u32) -> Result<Reaped, sqlx::Error> {
        let max = max_attempts as i32;
        let requeued = sqlx::query_scalar(
            "UPDATE simulation_jobs SET status = 'queued', worker_id = NULL, lease_until = NULL, \
             progress_current = 0 \
             WHERE status = 'running' AND lease_until < NOW() AND attempts < $1 RETURNING id",
        )
        .bind(max)
        .fetch_all(&self.pool)
        .await?;
        let failed = sqlx::query_scalar(
            "UPDATE simulation_jobs SET status = 'failed', completed_at = NOW(), \
             lease_until = NULL, error_message = $2, error_code = $3 \
             WHERE status = 'running' AND lease_until < NOW() AND attempts >= $1 RETURNING id",
        )
        .bind(max)
        .bind(WORKER_LOST_MESSAGE)
        .bind(ErrorCode::WorkerLost.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(Reaped { requeued, failed })
    }

    /// Queued jobs of `owner` (a user id; `None` counts none) and in all, for the caps.
    pub async fn queued_counts(&self, owner: Option<&str>) -> Result<(usize, usize), sqlx::Error> {
        let owner = owner.filter(|o| uuid::Uuid::parse_str(o).is_ok());
        let (mine, total): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE user_id = $1::uuid), COUNT(*) \
             FROM simulation_jobs WHERE status = 'queued'",
        )
        .bind(owner)
        .fetch_one(&self.pool)
        .await?;
        Ok((mine as usize, total as usize))
    }

    /// The 1-based queue positions (and attempts so far) of those of `ids` that are queued.
    pub async fn positions(
        &self,
        ids: &[String],
    ) -> Result<Vec<(String, usize, i32)>, sqlx::Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, i64, i32)> = sqlx::query_as(&format!(
            "SELECT id, pos, attempts FROM (SELECT id, attempts, \
             row_number() OVER (ORDER BY {QUEUE_ORDER}) AS pos \
             FROM simulation_jobs WHERE status = 'queued') q WHERE id = ANY($1)"
        ))
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, pos, attempts)| (id, pos.max(1) as usize, attempts))
            .collect())
    }
}
