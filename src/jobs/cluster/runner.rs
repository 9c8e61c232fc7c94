//! A worker process's claim loop: claim the next queued job in PostgreSQL, run it as the
//! single process does (progress, partial statistics, the final write), renew its lease while
//! it runs, and relay its events to the web instances with `NOTIFY`.

use super::{
    events::{running_base, Notice},
    Cluster, POLL_EVERY,
};
use crate::{
    jobs::{worker, Inner, JobRequest, Queued},
    model::{ErrorCode, JobRecord, StreamEvent, FINAL_EVENT_ID},
    telemetry::metrics::{self, Outcome},
};
use std::{
    sync::{atomic::Ordering, Arc},
    time::{Duration, Instant},
};
use tokio::sync::{broadcast::error::RecvError, oneshot};
use tracing::Instrument;

/// Claim loop `n` of this worker process.
pub(super) async fn run(inner: Arc<Inner>, cluster: Arc<Cluster>, n: usize) {
    tracing::info!(worker = n, worker_id = cluster.worker_id(), "claiming jobs");
    loop {
        // Once shutdown has begun nothing more is claimed.
        if !inner.accepting.load(Ordering::Acquire) {
            return;
        }
        let wake = cluster.wake.notified();
        tokio::pin!(wake);
        wake.as_mut().enable();
        let claim = cluster.new_claim();
        match cluster.queue.claim(&claim).await {
            Ok(Some(record)) => {
                cluster.busy.fetch_add(1, Ordering::AcqRel);
                let job = record.id.clone();
                cluster
                    .claims
                    .lock()
                    .expect("claims")
                    .insert(job, claim.clone());
                cluster.notify(&Notice::Queue).await; // positions moved
                let span =
                    tracing::info_span!("job", job_id = %record.id, attempt = record.attempts);
                run_claimed(&inner, &cluster, record, claim)
                    .instrument(span)
                    .await;
                cluster.busy.fetch_sub(1, Ordering::AcqRel);
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "claim failed"),
        }
        tokio::select! {
            _ = &mut wake => {}
            _ = tokio::time::sleep(POLL_EVERY) => {}
        }
    }
}

/// Runs one claimed job to its end, or until its claim is lost or the process stops.
async fn run_claimed(inner: &Arc<Inner>, cluster: &Arc<Cluster>, record: JobRecord, claim: String) {
    let id = record.id.clone();
    let attempts = record.attempts;
    let Some(req) = JobRequest::from_record(record, &inner.catalog) else {
        let message = "The job's configuration is no longer valid";
        let code = ErrorCode::InvalidConfig;
        cluster.claims.lock().expect("claims").remove(&id);
        if inner.db.fail_job(&id, message, code).await.unwrap_or(false) {
            metrics::job_finished(Outcome::Failed, None);
            let event = StreamEvent::Error {
                message: message.into(),
                code,
            };
            cluster
                .notify(&Notice::for_event(&id, FINAL_EVENT_ID, event))
                .await;
        }
        return;
    };
    tracing::info!(attempt = attempts, "job claimed");
    inner.open_channel(&id);
    let (stop_relay, relay_stopped) = oneshot::channel();
    let relay = tokio::spawn(relay(
        inner.clone(),
        cluster.clone(),
        id.clone(),
        attempts,
        relay_stopped,
    ));
    let lease = tokio::spawn(keep_lease(
        inner.clone(),
        cluster.clone(),
        id.clone(),
        claim.clone(),
    ));
    let job = Queued {
        req,
        since: Instant::now(),
        start: 0.0,
        finish: 0.0,
    };
    worker::run_marked(inner, job).await;
    lease.abort();
    let _ = stop_relay.send(());
    let _ = relay.await;
    if !inner.accepting.load(Ordering::Acquire) {
        // Interrupted by the shutdown: back to the queue at once for another worker.
        if let Ok(true) = cluster.queue.release(&id, &claim).await {
            tracing::info!("job given back to the queue");
            cluster.notify(&Notice::Queue).await;
        }
    }
    // The relay has sent what there was: the channel has no further use here (a cancelled or
    // given-back job never gets a terminal event in this process).
    inner.channels.lock().expect("channels").remove(&id);
    // (A result still held for the database took its claim along.) Another claim of the same
    // job, made meanwhile by another loop of this process, stays.
    let mut claims = cluster.claims.lock().expect("claims");
    if claims.get(&id) == Some(&claim) {
        claims.remove(&id);
    }
}

/// Renews the job's lease every third of it; when the claim is gone (cancelled, or taken over
/// after an expiry) the engine is stopped.
async fn keep_lease(inner: Arc<Inner>, cluster: Arc<Cluster>, id: String, claim: String) {
    let every = (cluster.queue.lease() / 3).max(Duration::from_millis(100));
    loop {
        tokio::time::sleep(every).await;
        match cluster.queue.renew(&id, &claim).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(job_id = %id, "the job's claim is gone (cancelled or taken over): stopping it");
                let flag = inner.running.lock().expect("running").get(&id).cloned();
                if let Some(flag) = flag {
                    flag.store(true, Ordering::Release);
                }
                return;
            }
            Err(e) => tracing::warn!(job_id = %id, error = %e, "lease not renewed"),
        }
    }
}

/// Sends the job's events, numbered for this attempt, until its terminal event or `stop`.
async fn relay(
    inner: Arc<Inner>,
    cluster: Arc<Cluster>,
    id: String,
    attempts: i32,
    mut stop: oneshot::Receiver<()>,
) {
    let Some(channel) = inner.channel(&id) else {
        return;
    };
    let mut sub = channel.subscribe(None);
    let base = running_base(attempts);
    let number = |seq: u64| match seq {
        FINAL_EVENT_ID => FINAL_EVENT_ID,
        n => base + n,
    };
    for e in std::mem::take(&mut sub.snapshot) {
        let notice = Notice::for_event(&id, number(e.id), e.event.clone());
        cluster.notify(&notice).await;
    }
    let mut stopping = false;
    loop {
        let next = if stopping {
            match sub.rx.try_recv() {
                Ok(e) => Ok(e),
                Err(_) => return, // drained
            }
        } else {
            tokio::select! {
                r = sub.rx.recv() => r.map_err(|e| matches!(e, RecvError::Closed)),
                _ = &mut stop => { stopping = true; continue; }
            }
        };
        match next {
            Ok(e) => {
                let notice = Notice::for_event(&id, number(e.id), e.event.clone());
                cluster.notify(&notice).await;
                if e.event.is_terminal() {
                    return;
                }
            }
            Err(true) => return,    // closed
            Err(false) => continue, // lagged: later events replace the skipped states
        }
    }
}
