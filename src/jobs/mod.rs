//! The job manager: a bounded worker pool running engine jobs on blocking threads, a priority
//! FIFO queue with per-owner and global caps, cancellation, start-up recovery and per-job
//! pub/sub. Every state transition is written to the database before it is announced.
//! Knows the database and the engine; nothing of HTTP or of the service layer.

pub mod cluster;
mod persist;
pub mod pubsub;
mod record;
mod recovery;
mod worker;

pub use record::{bounded_report, json, JobRequest, MAX_REPORT_BYTES};
pub use recovery::{Recovered, RESTARTED_MESSAGE};

use crate::telemetry::metrics::{self, Outcome};
use crate::{
    db::{self, Db},
    model::{JobRecord, StreamEvent},
    settings::PortalSettings,
};
use pubsub::{JobChannel, Subscription};
use rotasim_engine::Catalog;
use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, Weak,
    },
    time::{Duration, Instant},
};
use tokio::sync::Notify;

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
    /// Finished jobs whose result may wait in memory for an unreachable database; past it a
    /// finished job runs again once the database answers.
    pub max_pending_results: usize,
}

/// How often jobs whose outcome could not be kept are checked while the database answers.
const RECONCILE_EVERY: Duration = Duration::from_secs(5);

/// Progress events of one job are at most this frequent (≤ 10 per second).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

impl From<&PortalSettings> for JobsConfig {
    fn from(p: &PortalSettings) -> Self {
        JobsConfig {
            workers: p.job_workers,
            threads_per_job: p.job_threads,
            max_queued_per_owner: p.max_queued_per_user,
            max_queued_total: p.max_queued_total,
            progress_interval: PROGRESS_INTERVAL,
            max_attempts: p.max_attempts,
            max_pending_results: p.max_pending_results,
        }
    }
}

impl Default for JobsConfig {
    /// The settings' defaults.
    fn default() -> Self {
        JobsConfig::from(&PortalSettings::default())
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

/// A job waiting in this process' queue.
#[derive(Debug)]
struct Queued {
    req: JobRequest,
    /// When it entered the queue (queue-wait metric).
    since: Instant,
    /// Fair-queueing start tag: where its owner's share of the engine begins.
    start: f64,
    /// Fair-queueing finish tag: `start` + its cost (iterations of all passes and variants).
    finish: f64,
}

/// Start-time fair queueing by cost: each owner's jobs are tagged with the virtual time their
/// share of the engine would finish them, so one owner's large batches wait behind other
/// owners' small jobs instead of in front of them; one owner's jobs keep their order.
#[derive(Debug, Default)]
struct FairClock {
    /// The start tag of the job taken last.
    now: f64,
    /// Each owner's latest finish tag.
    owners: HashMap<String, f64>,
}

impl FairClock {
    /// Tags a job of `owner` costing `cost`.
    fn tag(&mut self, owner: &str, cost: f64) -> (f64, f64) {
        let start = self
            .owners
            .get(owner)
            .copied()
            .unwrap_or(self.now)
            .max(self.now);
        let finish = start + cost.max(1.0);
        self.owners.insert(owner.to_string(), finish);
        (start, finish)
    }

    /// A job with this start tag was taken: time moves on and owners behind it are forgotten.
    fn advance(&mut self, start: f64) {
        self.now = self.now.max(start);
        let now = self.now;
        self.owners.retain(|_, finish| *finish > now);
    }
}

struct Inner {
    db: Db,
    catalog: Arc<Catalog>,
    cfg: JobsConfig,
    queue: tokio::sync::Mutex<VecDeque<Queued>>,
    fair: Mutex<FairClock>,
    notify: Notify,
    channels: Mutex<HashMap<String, Arc<JobChannel>>>,
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
    /// Jobs whose final state is held in memory until the database takes it.
    pending: Mutex<HashSet<String>>,
    /// Jobs of this process whose outcome could not be kept: checked when the database returns.
    orphans: Mutex<HashSet<String>>,
    accepting: AtomicBool,
    /// Set in the web and worker roles: jobs are coordinated through PostgreSQL.
    cluster: Option<Arc<cluster::Cluster>>,
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
    /// A manager over `db` running specs from `catalog`; [`JobManager::start`] runs the workers.
    pub fn new(db: Db, catalog: Arc<Catalog>, cfg: JobsConfig) -> JobManager {
        JobManager::build(db, catalog, cfg, None)
    }

    /// A manager of a web or worker process: jobs queue in PostgreSQL through `cluster`
    /// (see [`cluster`]); [`JobManager::start`] starts the listener, the reaper and, in a
    /// worker, its claim loops.
    pub fn clustered(
        db: Db,
        catalog: Arc<Catalog>,
        cfg: JobsConfig,
        cluster: cluster::Cluster,
    ) -> JobManager {
        JobManager::build(db, catalog, cfg, Some(Arc::new(cluster)))
    }

    fn build(
        db: Db,
        catalog: Arc<Catalog>,
        cfg: JobsConfig,
        cluster: Option<Arc<cluster::Cluster>>,
    ) -> JobManager {
        JobManager {
            inner: Arc::new(Inner {
                db,
                catalog,
                cfg,
                queue: tokio::sync::Mutex::new(VecDeque::new()),
                fair: Mutex::new(FairClock::default()),
                notify: Notify::new(),
                channels: Mutex::new(HashMap::new()),
                running: Mutex::new(HashMap::new()),
                pending: Mutex::new(HashSet::new()),
                orphans: Mutex::new(HashSet::new()),
                accepting: AtomicBool::new(true),
                cluster,
            }),
        }
    }

    /// The cluster membership of a web or worker process.
    pub fn cluster(&self) -> Option<&cluster::Cluster> {
        self.inner.cluster.as_deref()
    }

    /// Spawns the worker tasks, and the task that checks this process's jobs against the
    /// database each time it returns from an outage.
    pub fn start(&self) {
        if let Some(c) = &self.inner.cluster {
            cluster::start(&self.inner, c);
            return;
        }
        for n in 0..self.inner.cfg.workers.max(1) {
            let inner = self.inner.clone();
            tokio::spawn(async move { worker::run(inner, n).await });
        }
        let weak = Arc::downgrade(&self.inner);
        let mut up = self.inner.db.health().watch();
        tokio::spawn(async move {
            loop {
                // On the database's return, and every few seconds while some job is unchecked.
                tokio::select! {
                    changed = up.changed() => if changed.is_err() { return },
                    _ = tokio::time::sleep(RECONCILE_EVERY) => {}
                }
                let Some(inner) = weak.upgrade() else { return };
                let unchecked = !inner.orphans.lock().expect("orphans").is_empty();
                if *up.borrow_and_update() && unchecked {
                    inner.reconcile().await;
                }
            }
        });
    }

    /// Finished jobs whose result waits in memory for the database.
    pub fn pending_count(&self) -> usize {
        self.inner.pending.lock().expect("pending").len()
    }

    /// Writes the job as `queued`, then queues it and announces its position.
    pub async fn submit(&self, req: JobRequest, priority: i32) -> Result<(), SubmitError> {
        let inner = &self.inner;
        if !inner.accepting.load(Ordering::Acquire) {
            return Err(SubmitError::ShuttingDown);
        }
        if let Some(c) = &inner.cluster {
            return inner.submit_clustered(c, req, priority).await;
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
        let mut req = req;
        req.record.priority = priority;
        inner.db.insert_job(&req.record).await?;
        let id = req.record.id.clone();
        inner.open_channel(&id);
        let cost = req.record.progress_total.max(1) as f64;
        let (start, finish) = inner
            .fair
            .lock()
            .expect("fair clock")
            .tag(&req.owner_key, cost);
        // Higher priority first; within a priority by finish tag (fair by cost), FIFO on ties.
        let at = q
            .iter()
            .position(|j| {
                j.req.record.priority < priority
                    || (j.req.record.priority == priority && j.finish > finish)
            })
            .unwrap_or(q.len());
        let (rotation, user) = (req.record.rotation_id.clone(), req.record.user_id.clone());
        q.insert(
            at,
            Queued {
                req,
                since: Instant::now(),
                start,
                finish,
            },
        );
        inner.announce_positions(&q);
        let position = q.len();
        drop(q);
        inner.notify.notify_one();
        tracing::info!(job_id = %id, %rotation, user = user.as_deref().unwrap_or("-"), priority, position, "job queued");
        Ok(())
    }

    /// Cancels a queued or running job: written to the database, then announced.
    pub async fn cancel(&self, id: &str) -> Result<CancelOutcome, db::DbError> {
        let inner = &self.inner;
        if let Some(c) = &inner.cluster {
            return inner.cancel_clustered(c, id).await;
        }
        let mut q = inner.queue.lock().await;
        if let Some(pos) = q.iter().position(|j| j.req.id() == id) {
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
        if inner.is_pending(id) {
            return Ok(CancelOutcome::AlreadyFinished); // its result exists, held for the database
        }
        // Written first: a cancel the database never saw must not stop the engine (the job
        // would stay `running` with no worker).
        if inner.db.cancel_job(id).await? {
            let flag = inner.running.lock().expect("running").get(id).cloned();
            if let Some(flag) = flag {
                flag.store(true, Ordering::Release);
            }
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
        let channel = self.inner.channel(id)?;
        let weak: Weak<Inner> = Arc::downgrade(&self.inner);
        let job = id.to_string();
        let sub = channel.subscribe(Some(Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.release(&job);
            }
        })));
        Some((channel, sub))
    }

    /// Subscribes to `job`: to its live channel here, or — in a web process, for a queued or
    /// running job submitted through another instance — to a channel opened from the
    /// database's state of it and fed by the other processes' notifications.
    pub async fn watch(&self, job: &JobRecord) -> Option<(Arc<JobChannel>, Subscription)> {
        if let Some(s) = self.subscribe(&job.id) {
            return Some(s);
        }
        let cluster = self.inner.cluster.as_ref()?;
        if !self.inner.open_from_db(job) {
            return None;
        }
        // Subscribed first: a final event published meanwhile reaches this subscriber.
        let subscribed = self.subscribe(&job.id)?;
        self.inner.settle_opened(cluster, &job.id).await;
        Some(subscribed)
    }

    /// 1-based position of a queued job.
    pub async fn queue_position(&self, id: &str) -> Option<usize> {
        let q = self.inner.queue.lock().await;
        q.iter().position(|j| j.req.id() == id).map(|p| p + 1)
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

    /// Waits until no job is running and no result is held, or `grace` has passed; true when
    /// none is left.
    /// Workers take no new jobs once submissions have stopped: the queue waits for the next start.
    pub async fn drain(&self, grace: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + grace;
        loop {
            // Held results count too: the grace is also their last chance to be written.
            // A worker process's claims count until settled (given back at a shutdown).
            let claimed = self.inner.cluster.as_ref().map_or(0, |c| c.busy());
            if self.running_count() + self.pending_count() + claimed == 0 {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Inner {
    /// The claim job `id` runs under in a worker process (`None`: this process's own queue).
    /// A worker without one for it gets its bare name, which no claim carries: nothing of it
    /// can be completed.
    fn claimed_as(&self, id: &str) -> Option<String> {
        let cluster = self.cluster.as_deref()?;
        (cluster.role() == crate::settings::Role::Worker).then(|| {
            cluster
                .claim_of(id)
                .unwrap_or_else(|| cluster.worker_id().into())
        })
    }

    fn channel(&self, id: &str) -> Option<Arc<JobChannel>> {
        self.channels.lock().expect("channels").get(id).cloned()
    }

    /// A fresh channel for a job entering the queue.
    fn open_channel(&self, id: &str) {
        self.channels
            .lock()
            .expect("channels")
            .insert(id.to_string(), JobChannel::new(64));
    }

    fn announce_positions(&self, q: &VecDeque<Queued>) {
        metrics::queue_depth(q.len());
        for (i, j) in q.iter().enumerate() {
            if let Some(c) = self.channel(j.req.id()) {
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
            if c.terminal().is_some() && c.subscribers() == 0 && !self.is_pending(id) {
                map.remove(id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FairClock;

    #[test]
    fn a_big_batch_waits_behind_another_owners_small_jobs() {
        let mut clock = FairClock::default();
        let batch = clock.tag("alice", 600_000.0);
        let second_batch = clock.tag("alice", 600_000.0);
        let small = clock.tag("bob", 1_000.0);
        assert!(small.1 < batch.1, "bob's small job goes first");
        assert!(
            batch.1 < second_batch.1,
            "alice's own jobs keep their order"
        );
        clock.advance(small.0);
        let later = clock.tag("bob", 1_000.0);
        assert!(later.1 < second_batch.1);
    }

    #[test]
    fn equal_costs_alternate_between_owners() {
        let mut clock = FairClock::default();
        let a1 = clock.tag("a", 100.0);
        let a2 = clock.tag("a", 100.0);
        let b1 = clock.tag("b", 100.0);
        assert_eq!(a1.1, b1.1);
        assert!(b1.1 < a2.1);
        clock.advance(a1.0);
        clock.advance(b1.0);
        clock.advance(a2.0);
        assert!(clock.owners.contains_key("a"));
    }
}
