//! The job manager: a bounded worker pool running engine jobs on blocking threads, a priority
//! FIFO queue with per-owner and global caps, cancellation, and per-job pub/sub. Every state
//! transition is written to the database before it is announced.

pub mod pubsub;

use crate::telemetry::metrics::{self, Outcome};
use crate::{
    db::{self, Db, NewJob},
    model::{JobProgress, StreamEvent},
};
use pubsub::{JobChannel, Subscription};
use rotasim_engine::{Prepared, SimError};
use std::{
    collections::{HashMap, VecDeque},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, Weak,
    },
    time::{Duration, Instant},
};
use tokio::sync::Notify;
use tracing::Instrument;

/// Tunables of the job manager.
#[derive(Debug, Clone)]
pub struct JobsConfig {
    /// Jobs run at once (each uses `threads_per_job` cores).
    pub workers: usize,
    /// Engine threads per job (0 = all cores).
    pub threads_per_job: usize,
    /// Queued jobs one owner may have.
    pub max_queued_per_owner: usize,
    /// Queued jobs in all.
    pub max_queued_total: usize,
    /// Smallest gap between two progress events of a job.
    pub progress_interval: Duration,
    /// Starts a job may have: a job interrupted by a restart runs again while it has had fewer.
    pub max_attempts: u32,
}

impl Default for JobsConfig {
    fn default() -> Self {
        JobsConfig {
            workers: 1,
            threads_per_job: 0,
            max_queued_per_owner: 5,
            max_queued_total: 100,
            progress_interval: Duration::from_millis(100),
            max_attempts: 3,
        }
    }
}

/// Why a job could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The owner already has the maximum of queued jobs.
    #[error("you already have {0} simulations waiting; wait for one to finish")]
    OwnerQueueFull(usize),
    /// The whole queue is full.
    #[error("the simulation queue is full ({0} jobs); try again in a minute")]
    QueueFull(usize),
    /// The server is shutting down.
    #[error("the server is shutting down; try again shortly")]
    ShuttingDown,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] db::DbError),
}

/// The outcome of a cancel request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// It was queued or running and is now cancelled.
    Cancelled,
    /// It had already ended.
    AlreadyFinished,
    /// No such job.
    NotFound,
}

/// A job ready to queue.
#[derive(Debug, Clone)]
pub struct JobRequest {
    /// The row to insert.
    pub row: NewJob,
    /// Who counts against the per-owner cap.
    pub owner_key: String,
    /// The validated engine configuration.
    pub prepared: Prepared,
    /// Result bookkeeping: the rotation UUID and the owner.
    pub rotation_id: String,
}

#[derive(Debug)]
struct Queued {
    req: JobRequest,
    /// When it entered this process' queue (queue-wait metric).
    since: Instant,
}

struct Inner {
    db: Db,
    cfg: JobsConfig,
    queue: tokio::sync::Mutex<VecDeque<Queued>>,
    notify: Notify,
    channels: Mutex<HashMap<String, Arc<JobChannel>>>,
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
    accepting: AtomicBool,
}

/// Handle to the job manager; cheap to clone.
#[derive(Clone)]
pub struct JobManager {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for JobManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobManager")
            .field("cfg", &self.inner.cfg)
            .finish()
    }
}

impl JobManager {
    /// A manager over `db`; call [`JobManager::start`] to run workers.
    pub fn new(db: Db, cfg: JobsConfig) -> JobManager {
        JobManager {
            inner: Arc::new(Inner {
                db,
                cfg,
                queue: tokio::sync::Mutex::new(VecDeque::new()),
                notify: Notify::new(),
                channels: Mutex::new(HashMap::new()),
                running: Mutex::new(HashMap::new()),
                accepting: AtomicBool::new(true),
            }),
        }
    }

    /// Spawns the worker tasks.
    pub fn start(&self) {
        for n in 0..self.inner.cfg.workers.max(1) {
            let inner = self.inner.clone();
            tokio::spawn(async move { worker(inner, n).await });
        }
    }

    /// Writes the job as `queued`, then queues it and announces its position.
    pub async fn submit(&self, req: JobRequest, priority: i32) -> Result<(), SubmitError> {
        let inner = &self.inner;
        if !inner.accepting.load(Ordering::Acquire) {
            return Err(SubmitError::ShuttingDown);
        }
        let mut q = inner.queue.lock().await;
        if q.len() >= inner.cfg.max_queued_total {
            return Err(SubmitError::QueueFull(inner.cfg.max_queued_total));
        }
        let mine = q
            .iter()
            .filter(|j| j.req.owner_key == req.owner_key)
            .count();
        if mine >= inner.cfg.max_queued_per_owner {
            return Err(SubmitError::OwnerQueueFull(inner.cfg.max_queued_per_owner));
        }
        inner.db.insert_job(&req.row).await?;
        let id = req.row.id.clone();
        let channel = JobChannel::new(64);
        inner
            .channels
            .lock()
            .expect("channels")
            .insert(id.clone(), channel);
        // Higher priority first, FIFO within a priority.
        let at = q
            .iter()
            .position(|j| j.req.row.priority < priority)
            .unwrap_or(q.len());
        let mut req = req;
        req.row.priority = priority;
        let fields = (req.rotation_id.clone(), req.row.user_id.clone());
        q.insert(
            at,
            Queued {
                req,
                since: Instant::now(),
            },
        );
        inner.announce_positions(&q);
        let position = q.len();
        drop(q);
        inner.notify.notify_one();
        tracing::info!(job_id = %id, rotation = %fields.0, user = fields.1.as_deref().unwrap_or("-"), priority, position, "job queued");
        Ok(())
    }

    /// Cancels a queued or running job: written to the database, then announced.
    pub async fn cancel(&self, id: &str) -> Result<CancelOutcome, db::DbError> {
        let inner = &self.inner;
        let mut q = inner.queue.lock().await;
        if let Some(pos) = q.iter().position(|j| j.req.row.id == id) {
            q.remove(pos);
            inner.db.cancel_job(id).await?;
            inner.announce_positions(&q);
            drop(q);
            inner.finish(id, StreamEvent::Cancelled);
            metrics::job_finished(Outcome::Cancelled, None);
            tracing::info!(job_id = %id, "job cancelled while queued");
            return Ok(CancelOutcome::Cancelled);
        }
        drop(q);
        let flag = inner.running.lock().expect("running").get(id).cloned();
        if let Some(flag) = flag {
            flag.store(true, Ordering::Release);
        }
        if inner.db.cancel_job(id).await? {
            inner.finish(id, StreamEvent::Cancelled);
            tracing::info!(job_id = %id, "job cancelled while running");
            return Ok(CancelOutcome::Cancelled);
        }
        Ok(match inner.db.job(id).await? {
            Some(_) => CancelOutcome::AlreadyFinished,
            None => CancelOutcome::NotFound,
        })
    }

    /// Subscribes to a job that has a live channel.
    pub fn subscribe(&self, id: &str) -> Option<(Arc<JobChannel>, Subscription)> {
        let channel = self
            .inner
            .channels
            .lock()
            .expect("channels")
            .get(id)
            .cloned()?;
        let weak: Weak<Inner> = Arc::downgrade(&self.inner);
        let job = id.to_string();
        let sub = channel.subscribe(Some(Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.release(&job);
            }
        })));
        Some((channel, sub))
    }

    /// 1-based position of a queued job.
    pub async fn queue_position(&self, id: &str) -> Option<usize> {
        let q = self.inner.queue.lock().await;
        q.iter().position(|j| j.req.row.id == id).map(|p| p + 1)
    }

    /// Live SSE subscriptions over all jobs.
    pub fn subscriber_count(&self) -> usize {
        self.inner
            .channels
            .lock()
            .expect("channels")
            .values()
            .map(|c| c.subscribers())
            .sum()
    }

    /// Jobs with a live channel.
    pub fn channel_count(&self) -> usize {
        self.inner.channels.lock().expect("channels").len()
    }

    /// Jobs running now.
    pub fn running_count(&self) -> usize {
        self.inner.running.lock().expect("running").len()
    }

    /// False once shutdown has begun.
    pub fn is_accepting(&self) -> bool {
        self.inner.accepting.load(Ordering::Acquire)
    }

    /// Stops accepting submissions (shutdown).
    pub fn stop_accepting(&self) {
        self.inner.accepting.store(false, Ordering::Release);
    }

    /// Stops running engines within a chunk without recording anything: the jobs stay `running`
    /// in the database for the next start to deal with (shutdown).
    pub fn interrupt_running(&self) {
        for flag in self.inner.running.lock().expect("running").values() {
            flag.store(true, Ordering::Release);
        }
    }

    /// Picks up what a previous process left: jobs left `queued` are queued again in their
    /// original order; jobs left `running` run again while they have had fewer than
    /// `max_attempts` starts, else they fail with [`RESTARTED_MESSAGE`].
    pub async fn recover(
        &self,
        prepare: impl Fn(&db::JobRow) -> Option<JobRequest>,
    ) -> Result<Recovered, db::DbError> {
        let inner = &self.inner;
        let mut out = Recovered::default();
        for row in inner.db.unfinished_jobs().await? {
            if row.status == "running" {
                if row.attempts.max(0) as u32 >= inner.cfg.max_attempts {
                    inner
                        .db
                        .fail_job(&row.id, RESTARTED_MESSAGE, "SERVER_RESTARTED")
                        .await?;
                    tracing::warn!(job_id = %row.id, attempts = row.attempts, "interrupted job failed: no attempts left");
                    metrics::job_finished(Outcome::Failed, None);
                    out.failed += 1;
                    continue;
                }
                inner.db.requeue_job(&row.id).await?;
                tracing::info!(job_id = %row.id, attempts = row.attempts, "interrupted job will run again");
                out.rerun += 1;
            } else {
                out.requeued += 1;
            }
            match prepare(&row) {
                Some(req) => {
                    let mut q = inner.queue.lock().await;
                    inner
                        .channels
                        .lock()
                        .expect("channels")
                        .insert(row.id.clone(), JobChannel::new(64));
                    q.push_back(Queued {
                        req,
                        since: Instant::now(),
                    });
                }
                None => {
                    inner
                        .db
                        .fail_job(
                            &row.id,
                            "The job's configuration is no longer valid",
                            "INVALID_CONFIG",
                        )
                        .await?;
                    metrics::job_finished(Outcome::Failed, None);
                    out.failed += 1;
                }
            }
        }
        let q = inner.queue.lock().await;
        if !q.is_empty() {
            inner.announce_positions(&q);
            for _ in 0..q.len() {
                inner.notify.notify_one();
            }
        }
        Ok(out)
    }

    /// Waits until no job is running or `grace` has passed; true when none is left running.
    /// Workers take no new jobs once submissions have stopped: the queue waits for the next start.
    pub async fn drain(&self, grace: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + grace;
        loop {
            if self.running_count() == 0 {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

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

impl Inner {
    fn channel(&self, id: &str) -> Option<Arc<JobChannel>> {
        self.channels.lock().expect("channels").get(id).cloned()
    }

    fn announce_positions(&self, q: &VecDeque<Queued>) {
        metrics::queue_depth(q.len());
        for (i, j) in q.iter().enumerate() {
            if let Some(c) = self.channel(&j.req.row.id) {
                c.publish(StreamEvent::Queued { position: i + 1 });
            }
        }
    }

    /// Publishes a terminal event and drops the channel if nobody listens.
    fn finish(&self, id: &str, event: StreamEvent) {
        if let Some(c) = self.channel(id) {
            c.publish(event);
        }
        self.release(id);
    }

    /// Drops a finished job's channel once its last subscriber has left.
    fn release(&self, id: &str) {
        let mut map = self.channels.lock().expect("channels");
        if let Some(c) = map.get(id) {
            if c.terminal().is_some() && c.subscribers() == 0 {
                map.remove(id);
            }
        }
    }
}

async fn next_job(inner: &Inner) -> Queued {
    loop {
        let notified = inner.notify.notified();
        // Once shutdown has begun, queued jobs wait for the next process.
        if inner.accepting.load(Ordering::Acquire) {
            let mut q = inner.queue.lock().await;
            if let Some(j) = q.pop_front() {
                inner.announce_positions(&q);
                return j;
            }
        }
        notified.await;
    }
}

async fn worker(inner: Arc<Inner>, n: usize) {
    tracing::debug!(worker = n, "worker started");
    loop {
        let job = next_job(&inner).await;
        let span = tracing::info_span!(
            "job",
            job_id = %job.req.row.id,
            rotation = %job.req.rotation_id,
            spec = %job.req.prepared.config.spec,
            user = job.req.row.user_id.as_deref().unwrap_or("-"),
        );
        run_job(&inner, job).instrument(span).await;
    }
}

/// How a run ended, for logs and metrics.
enum Ran {
    /// Cancelled (or finished elsewhere) before it started.
    NotStarted,
    /// A report was stored.
    Completed { iterations: u64, mean_dps: f64 },
    /// The engine stopped: a user's cancel, or the shutdown interrupting it.
    Stopped,
}

async fn run_job(inner: &Arc<Inner>, job: Queued) {
    let req = job.req;
    let id = req.row.id.clone();
    let cancel = Arc::new(AtomicBool::new(false));
    let running = {
        let mut map = inner.running.lock().expect("running");
        map.insert(id.clone(), cancel.clone());
        map.len()
    };
    metrics::running(running);
    let waited = job.since.elapsed();
    let started = Instant::now();
    let done = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let result = run_job_inner(inner, &req, cancel.clone(), waited, done.clone()).await;
    let running = {
        let mut map = inner.running.lock().expect("running");
        map.remove(&id);
        map.len()
    };
    metrics::running(running);
    let elapsed = started.elapsed();
    let elapsed_ms = elapsed.as_millis() as u64;
    let iterations_done = done.load(Ordering::Relaxed);
    match result {
        Ok(Ran::NotStarted) => {}
        Ok(Ran::Completed {
            iterations,
            mean_dps,
        }) => {
            metrics::job_finished(Outcome::Completed, Some(elapsed));
            tracing::info!(
                elapsed_ms,
                iterations,
                mean_dps = mean_dps.round(),
                "job completed"
            );
        }
        Ok(Ran::Stopped) if !inner.accepting.load(Ordering::Acquire) => {
            tracing::warn!(
                elapsed_ms,
                iterations_done,
                "job interrupted by the shutdown; it runs again at the next start"
            );
        }
        Ok(Ran::Stopped) => {
            metrics::job_finished(Outcome::Cancelled, Some(elapsed));
            tracing::info!(elapsed_ms, iterations_done, "job cancelled");
        }
        Err(e) => {
            metrics::job_finished(Outcome::Failed, Some(elapsed));
            tracing::error!(elapsed_ms, iterations_done, error = %e, "job failed");
            let message = format!("Simulation failed: {e}");
            if inner
                .db
                .fail_job(&id, &message, "EXECUTION_FAILED")
                .await
                .unwrap_or(false)
            {
                inner.finish(
                    &id,
                    StreamEvent::Error {
                        message,
                        code: "EXECUTION_FAILED".into(),
                    },
                );
            }
        }
    }
}

async fn run_job_inner(
    inner: &Arc<Inner>,
    req: &JobRequest,
    cancel: Arc<AtomicBool>,
    waited: Duration,
    done: Arc<std::sync::atomic::AtomicU64>,
) -> Result<Ran, String> {
    let id = &req.row.id;
    if !inner.db.mark_running(id).await.map_err(|e| e.to_string())? {
        return Ok(Ran::NotStarted); // cancelled while being taken from the queue
    }
    let total = req.row.total as u64;
    metrics::job_started(waited);
    tracing::info!(
        queue_wait_ms = waited.as_millis() as u64,
        iterations = req.row.iterations,
        total,
        fight = %req.row.fight_type,
        "job started"
    );
    let channel = inner.channel(id);
    if let Some(c) = &channel {
        c.publish(progress_event(0, total));
    }
    let mut prepared = req.prepared.clone();
    prepared.config.threads = inner.cfg.threads_per_job;
    let db = inner.db.clone();
    let handle = tokio::runtime::Handle::current();
    let interval = inner.cfg.progress_interval;
    let job_id = id.clone();
    let flag = cancel.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut last = Instant::now() - interval;
        let mut decile = 0u64;
        let mut on_progress = |p: &rotasim_engine::Progress| {
            let before = done.swap(p.done, Ordering::Relaxed);
            metrics::iterations(p.done.saturating_sub(before));
            let Some(c) = &channel else { return };
            let now = Instant::now();
            let d = (p.done * 10).checked_div(p.total).unwrap_or(10);
            if now.duration_since(last) >= interval || p.done >= p.total || d > decile {
                c.publish(progress_event(p.done, p.total));
                last = now;
            }
            if d > decile {
                decile = d;
                c.publish(StreamEvent::Partial {
                    stats: p.partial.clone(),
                });
                // Persisted every 10 %; a slow database only delays this worker.
                let _ = handle.block_on(db.update_progress(&job_id, p.done as i32));
            }
        };
        rotasim_engine::run(&prepared, &mut on_progress, &flag)
    })
    .await
    .map_err(|e| format!("the engine stopped unexpectedly ({e})"))?;
    match outcome {
        Err(SimError::Cancelled) => Ok(Ran::Stopped),
        Ok(_) if cancel.load(Ordering::Acquire) => Ok(Ran::Stopped),
        Ok(report) => {
            let (iterations, mean_dps) = (report.stats.iterations, report.stats.mean_dps);
            let result_id = uuid::Uuid::new_v4().to_string();
            let row = crate::service::simulations::result_row(req, &report, &result_id);
            if inner
                .db
                .complete_job(id, &row)
                .await
                .map_err(|e| e.to_string())?
            {
                inner.finish(id, StreamEvent::complete(report, result_id));
            }
            Ok(Ran::Completed {
                iterations,
                mean_dps,
            })
        }
    }
}

fn progress_event(current: u64, total: u64) -> StreamEvent {
    let p = JobProgress::new(current, total);
    StreamEvent::Progress {
        current: p.current,
        total: p.total,
        percentage: p.percentage,
    }
}
