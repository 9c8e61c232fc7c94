//! A worker: takes the next queued job, runs the engine on a blocking thread with progress
//! coalesced to the stream (and persisted every 10 %), and records how it ended.

use super::{
    persist::{Final, Written},
    Inner, JobRequest, Queued,
};
use crate::{
    model::{ErrorCode, JobProgress, StreamEvent},
    telemetry::metrics::{self, Outcome},
};
use rotasim_engine::SimError;
use std::{
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};
use tracing::Instrument;

/// The longest a progress write may hold up the engine.
const PROGRESS_WRITE_TIMEOUT: Duration = Duration::from_secs(1);

/// Worker `n`'s loop: forever take the next job and run it.
pub(super) async fn run(inner: Arc<Inner>, n: usize) {
    tracing::debug!(worker = n, "worker started");
    loop {
        let job = next_job(&inner).await;
        let span = tracing::info_span!(
            "job",
            job_id = %job.req.record.id,
            rotation = %job.req.record.rotation_id,
            spec = %job.req.prepared.config.spec,
            user = job.req.record.user_id.as_deref().unwrap_or("-"),
        );
        run_job(&inner, job).instrument(span).await;
    }
}

async fn next_job(inner: &Inner) -> Queued {
    loop {
        // During an outage queued jobs wait: starting one needs a write.
        inner.db.health().wait_up().await;
        let notified = inner.notify.notified();
        // Once shutdown has begun, queued jobs wait for the next process.
        if inner.accepting.load(Ordering::Acquire) {
            let mut q = inner.queue.lock().await;
            if let Some(j) = q.pop_front() {
                inner.fair.lock().expect("fair clock").advance(j.start);
                inner.announce_positions(&q);
                return j;
            }
        }
        notified.await;
    }
}

/// How a run ended, for logs and metrics.
enum Ran {
    /// A report was stored.
    Completed { iterations: u64, mean_dps: f64 },
    /// The engine stopped: a user's cancel, or the shutdown interrupting it.
    Stopped,
}

async fn run_job(inner: &Arc<Inner>, job: Queued) {
    if !mark_running(inner, &job).await {
        return;
    }
    run_marked(inner, job).await;
}

/// Runs a job already marked `running` (by [`mark_running`], or by a worker process's claim)
/// and records how it ended.
pub(super) async fn run_marked(inner: &Arc<Inner>, job: Queued) {
    let req = job.req;
    let id = req.record.id.clone();
    let cancel = Arc::new(AtomicBool::new(false));
    let running = {
        let mut map = inner.running.lock().expect("running");
        map.insert(id.clone(), cancel.clone());
        map.len()
    };
    metrics::running(running);
    let waited = job.since.elapsed();
    let started = Instant::now();
    let done = Arc::new(AtomicU64::new(0));
    let result = execute(inner, &req, cancel.clone(), waited, done.clone()).await;
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
            let code = ErrorCode::ExecutionFailed;
            let fin = Final::Failed {
                message: message.clone(),
                code,
            };
            match inner.persist_final(&id, fin).await {
                Written::Now | Written::Deferred => {
                    inner.finish(&id, StreamEvent::Error { message, code })
                }
                Written::Superseded | Written::Dropped => {}
                Written::Refused(e) => {
                    tracing::error!(error = %e, "the job's failure could not be recorded")
                }
            }
        }
    }
}

/// `queued` → `running` in the database; false when the job is not to run here now (cancelled,
/// or the database is unreachable: then it goes back to the head of the queue and waits).
async fn mark_running(inner: &Arc<Inner>, job: &Queued) -> bool {
    let id = job.req.id();
    let r = inner.db.mark_running(id).await;
    inner.db.health().observe(&r);
    match r {
        Ok(true) => true,
        // Not queued any more: cancelled — or marked by an attempt whose answer was lost in an
        // outage, which leaves it `running` with nobody on it but us.
        Ok(false) => matches!(
            inner.db.job(id).await,
            Ok(Some(r)) if r.status == crate::model::JobStatus::Running
                && !inner.running.lock().expect("running").contains_key(id)
        ),
        Err(e) if e.is_unavailable() => {
            tracing::warn!(job_id = %id, "database unavailable: the job waits at the head of the queue");
            let mut q = inner.queue.lock().await;
            q.push_front(Queued {
                req: job.req.clone(),
                since: job.since,
                start: job.start,
                finish: job.finish,
            });
            inner.announce_positions(&q);
            drop(q);
            inner.notify.notify_one();
            false
        }
        Err(e) => {
            tracing::error!(job_id = %id, error = %e, "job could not start");
            let message = "Simulation failed: it could not be started".to_string();
            let code = ErrorCode::ExecutionFailed;
            if inner.db.fail_job(id, &message, code).await.unwrap_or(false) {
                inner.finish(id, StreamEvent::Error { message, code });
            }
            false
        }
    }
}

/// Marks the job running, runs the engine and stores the result.
async fn execute(
    inner: &Arc<Inner>,
    req: &JobRequest,
    cancel: Arc<AtomicBool>,
    waited: Duration,
    done: Arc<AtomicU64>,
) -> Result<Ran, String> {
    let id = req.id();
    let total = req.record.progress_total as u64;
    metrics::job_started(waited);
    tracing::info!(
        queue_wait_ms = waited.as_millis() as u64,
        iterations = req.record.iterations,
        total,
        fight = %req.record.fight_type,
        "job started"
    );
    let channel = inner.channel(id);
    if let Some(c) = &channel {
        c.publish(progress_event(0, total));
    }
    let threads = inner.cfg.threads_per_job;
    let mut prepared = req.prepared.clone();
    prepared.config.threads = threads;
    let variants: Vec<rotasim_engine::Prepared> = req
        .batch
        .iter()
        .map(|(_, p)| {
            let mut p = p.clone();
            p.config.threads = threads;
            p
        })
        .collect();
    let db = inner.db.clone();
    let handle = tokio::runtime::Handle::current();
    let interval = inner.cfg.progress_interval;
    let job_id = id.to_string();
    let flag = cancel.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut last = Instant::now() - interval;
        let mut last_partial = Instant::now();
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
            // A batch's ranking fills in live: its partial statistics go out several times a
            // second as well as at every 10 %.
            let batch_due =
                !p.variants.is_empty() && now.duration_since(last_partial) >= interval * 3;
            if d > decile || batch_due {
                last_partial = now;
                c.publish(StreamEvent::Partial {
                    stats: p.partial.clone(),
                    variants: (!p.variants.is_empty()).then(|| p.variants.clone()),
                });
            }
            if d > decile {
                decile = d;
                // Persisted every 10 % when the database answers; a failed write is skipped
                // (the next step or the final state covers it), never fatal.
                let write = async {
                    if !db.health().is_up() {
                        return false;
                    }
                    let r = tokio::time::timeout(
                        PROGRESS_WRITE_TIMEOUT,
                        db.update_progress(&job_id, p.done as i32),
                    )
                    .await;
                    match r {
                        Ok(r) => {
                            db.health().observe(&r);
                            r.is_ok()
                        }
                        Err(_) => false,
                    }
                };
                if !handle.block_on(write) {
                    metrics::progress_write_skipped();
                }
            }
        };
        if variants.is_empty() {
            rotasim_engine::run(&prepared, &mut on_progress, &flag).map(|r| (r, None))
        } else {
            // The baseline's report is the job's report; the batch ranks them all.
            rotasim_engine::run_batch(&variants, &mut on_progress, &flag)
                .map(|out| (out.reports[0].clone(), Some(out)))
        }
    })
    .await
    .map_err(|e| format!("the engine stopped unexpectedly ({e})"))?;
    match outcome {
        Err(SimError::Cancelled) => Ok(Ran::Stopped),
        Err(e @ SimError::Mismatch(_)) => Err(e.to_string()),
        Ok(_) if cancel.load(Ordering::Acquire) => Ok(Ran::Stopped),
        Ok((report, batch)) => {
            let (iterations, mean_dps) = (report.stats.iterations, report.stats.mean_dps);
            let result_id = uuid::Uuid::new_v4().to_string();
            let batch = batch.map(|out| req.batch_result(&out));
            let result = req.result(&report, batch.as_ref(), &result_id);
            match inner
                .persist_final(id, Final::Completed(Box::new(result)))
                .await
            {
                // Written, or held until the database answers: either way the result exists,
                // and subscribers see it now.
                Written::Now | Written::Deferred => {
                    let mut event = StreamEvent::complete(report, result_id);
                    if let StreamEvent::Complete { batch: b, .. } = &mut event {
                        *b = batch.map(Box::new);
                    }
                    inner.finish(id, event);
                }
                Written::Superseded | Written::Dropped => {}
                Written::Refused(e) => return Err(e),
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
