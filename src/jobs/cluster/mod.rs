//! Scale-out: web and worker processes on several machines, coordinated by PostgreSQL. Jobs
//! queue in `simulation_jobs` and are claimed under a lease ([`queue`]); processes tell each
//! other about queue changes and job events with `NOTIFY` ([`events`]), which every process
//! `LISTEN`s to ([`listener`]); web instances feed their local per-job channels from it
//! ([`web`]) and worker processes run what they claim ([`runner`]). Every instance reaps
//! expired leases, so a dead worker's job runs again within one lease period.

pub mod events;
mod listener;
pub mod queue;
mod runner;
mod web;

use super::Inner;
use crate::{db::DbError, settings::Role};
use events::Notice;
pub use queue::{PgQueue, Reaped, WORKER_LOST_MESSAGE};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};
use tokio::sync::Notify;

/// Without a notification, a worker still looks for queued jobs this often (a listener that is
/// reconnecting misses notifications).
const POLL_EVERY: Duration = Duration::from_secs(1);

/// This process's part in the cluster.
#[derive(Debug)]
pub struct Cluster {
    queue: PgQueue,
    role: Role,
    worker_id: String,
    /// Wakes the claim loops (a `queue` notification).
    wake: Notify,
    /// A queue-position refresh is scheduled (web).
    refresh_pending: AtomicBool,
    /// The claim each job of this worker runs under (job id → claim token).
    claims: Mutex<HashMap<String, String>>,
    /// Numbers this process's claims.
    next_claim: AtomicU64,
    /// Jobs claimed by this process and not yet settled (run, and given back at a shutdown).
    busy: AtomicUsize,
}

impl Cluster {
    /// Connects the queue to `url` for a process of `role` (web or worker).
    pub async fn connect(url: &str, role: Role, lease: Duration) -> Result<Cluster, DbError> {
        let queue = PgQueue::connect(url, lease).await?;
        Ok(Cluster::new(queue, role))
    }

    /// A cluster member over an open queue.
    pub fn new(queue: PgQueue, role: Role) -> Cluster {
        Cluster {
            queue,
            role,
            worker_id: new_worker_id(),
            wake: Notify::new(),
            refresh_pending: AtomicBool::new(false),
            claims: Mutex::new(HashMap::new()),
            next_claim: AtomicU64::new(1),
            busy: AtomicUsize::new(0),
        }
    }

    /// Jobs this process has claimed and not yet settled: a shutdown waits for them.
    pub fn busy(&self) -> usize {
        self.busy.load(Ordering::Acquire)
    }

    /// A fresh claim token: the worker's name and a number, so that two claims of one job by
    /// one process (after its lease expired during an outage) are told apart.
    fn new_claim(&self) -> String {
        let n = self.next_claim.fetch_add(1, Ordering::Relaxed);
        format!("{}#{n}", self.worker_id)
    }

    /// The claim token `id` runs under in this worker process.
    pub(super) fn claim_of(&self, id: &str) -> Option<String> {
        self.claims.lock().expect("claims").get(id).cloned()
    }

    /// The name this process claims jobs under (host, process id and a random part).
    pub fn worker_id(&self) -> &str {
        &self.worker_id
    }

    /// The queue.
    pub fn queue(&self) -> &PgQueue {
        &self.queue
    }

    /// What this process does.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Sends `notice`; a failure is logged (the listeners' re-reads and the workers' polling
    /// cover a lost notification).
    async fn notify(&self, notice: &Notice) {
        if let Err(e) = events::send(self.queue.pool(), notice).await {
            tracing::warn!(error = %e, "notification not sent");
        }
    }
}

fn new_worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    let tag = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}-{}-{}", std::process::id(), &tag[..8])
}

/// Starts this process's cluster tasks: the listener, the reaper and, in a worker, its claim
/// loops.
pub(super) fn start(inner: &Arc<Inner>, cluster: &Arc<Cluster>) {
    tokio::spawn(listener::run(Arc::downgrade(inner), cluster.clone()));
    tokio::spawn(reaper(Arc::downgrade(inner), cluster.clone()));
    if cluster.role == Role::Worker {
        for n in 0..inner.cfg.workers.max(1) {
            tokio::spawn(runner::run(inner.clone(), cluster.clone(), n));
        }
    }
}

/// Every third of a lease: expired leases re-queued (or failed), and everyone told.
async fn reaper(inner: std::sync::Weak<Inner>, cluster: Arc<Cluster>) {
    let every =
        (cluster.queue.lease() / 3).clamp(Duration::from_millis(200), Duration::from_secs(10));
    loop {
        tokio::time::sleep(every).await;
        let Some(inner) = inner.upgrade() else { return };
        let reaped = match cluster.queue.reap(inner.cfg.max_attempts).await {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(error = %e, "reaper pass failed");
                continue;
            }
        };
        for id in &reaped.requeued {
            tracing::warn!(job_id = %id, "lease expired: the job is queued again");
        }
        for id in &reaped.failed {
            tracing::warn!(job_id = %id, "lease expired with no attempts left: the job failed");
            crate::telemetry::metrics::job_finished(
                crate::telemetry::metrics::Outcome::Failed,
                None,
            );
            let event = crate::model::StreamEvent::Error {
                message: WORKER_LOST_MESSAGE.into(),
                code: crate::model::ErrorCode::WorkerLost,
            };
            let notice = Notice::for_event(id, crate::model::FINAL_EVENT_ID, event);
            cluster.notify(&notice).await;
        }
        if !reaped.requeued.is_empty() {
            cluster.notify(&Notice::Queue).await;
        }
    }
}
