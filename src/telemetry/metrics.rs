//! Prometheus metrics: the one place their names, labels and buckets are defined. Recording
//! goes through the `metrics` facade (a no-op until [`install`] runs); `/metrics` renders them.

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::{sync::OnceLock, time::Duration};

const SUBMITTED: &str = "rotasim_simulations_submitted_total";
const STARTED: &str = "rotasim_simulations_started_total";
const COMPLETED: &str = "rotasim_simulations_completed_total";
const FAILED: &str = "rotasim_simulations_failed_total";
const CANCELLED: &str = "rotasim_simulations_cancelled_total";
const ITERATIONS: &str = "rotasim_iterations_simulated_total";
const JOB_DURATION: &str = "rotasim_job_duration_seconds";
const QUEUE_WAIT: &str = "rotasim_job_queue_wait_seconds";
const QUEUE_DEPTH: &str = "rotasim_queue_depth";
const RUNNING: &str = "rotasim_jobs_running";
const SSE_OPEN: &str = "rotasim_sse_streams_open";
const RATE_LIMITED: &str = "rotasim_rate_limited_total";
const RATE_LIMIT_ERRORS: &str = "rotasim_rate_limit_store_errors_total";
const HTTP_REQUESTS: &str = "rotasim_http_requests_total";
const HTTP_DURATION: &str = "rotasim_http_request_duration_seconds";
const DB_OUTAGES: &str = "rotasim_database_outages_total";
const DB_UP: &str = "rotasim_database_up";
const DEFERRED_WRITES: &str = "rotasim_deferred_writes_total";
const PENDING_RESULTS: &str = "rotasim_pending_results";
const SKIPPED_PROGRESS: &str = "rotasim_progress_writes_skipped_total";

/// Seconds: a quick job takes milliseconds, a 50 000-iteration job with stat weights minutes.
const JOB_BUCKETS: &[f64] = &[
    0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
];
/// Seconds: a request is milliseconds; SSE requests count until their headers leave.
const HTTP_BUCKETS: &[f64] = &[
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the Prometheus recorder (once per process) and returns its handle. A process that
/// already has another recorder gets a handle that renders nothing.
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(JOB_DURATION.into()), JOB_BUCKETS)
            .and_then(|b| b.set_buckets_for_metric(Matcher::Full(QUEUE_WAIT.into()), JOB_BUCKETS))
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full(HTTP_DURATION.into()), HTTP_BUCKETS)
            })
            .expect("bucket lists are not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
        }
        describe();
        // Histograms are drained into their buckets by upkeep.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            let h = handle.clone();
            rt.spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    h.run_upkeep();
                }
            });
        }
        handle
    })
}

/// The Prometheus text of every metric.
pub fn render() -> String {
    let handle = install();
    handle.run_upkeep();
    handle.render()
}

fn describe() {
    describe_counter!(SUBMITTED, "Simulation jobs accepted into the queue.");
    describe_counter!(
        STARTED,
        "Simulation runs started by a worker (re-runs included)."
    );
    describe_counter!(COMPLETED, "Simulation jobs completed.");
    describe_counter!(FAILED, "Simulation jobs failed.");
    describe_counter!(CANCELLED, "Simulation jobs cancelled (queued or running).");
    describe_counter!(
        ITERATIONS,
        "Fight iterations simulated (stat-weight passes included)."
    );
    describe_histogram!(JOB_DURATION, "Running time of a finished job, by outcome.");
    describe_histogram!(
        QUEUE_WAIT,
        "Time a job waited in the queue before it started."
    );
    describe_gauge!(QUEUE_DEPTH, "Jobs waiting in the queue.");
    describe_gauge!(RUNNING, "Jobs running now.");
    describe_gauge!(SSE_OPEN, "Open Server-Sent Events streams.");
    describe_counter!(RATE_LIMITED, "Submissions refused by the rate limit.");
    describe_counter!(
        RATE_LIMIT_ERRORS,
        "Rate-limit checks that fell back to the in-process window because Redis failed."
    );
    describe_counter!(HTTP_REQUESTS, "HTTP requests by method, route and status.");
    describe_histogram!(
        HTTP_DURATION,
        "HTTP request latency until the response headers, by method and route."
    );
    describe_counter!(
        DB_OUTAGES,
        "Times the database stopped answering (connection lost, pool timeout, locked or full)."
    );
    describe_gauge!(DB_UP, "1 while the database answers, 0 during an outage.");
    describe_counter!(
        DEFERRED_WRITES,
        "Job state writes (completion, failure) that failed and were retried until they landed."
    );
    describe_gauge!(
        PENDING_RESULTS,
        "Finished jobs whose result is held in memory until the database takes it."
    );
    describe_counter!(
        SKIPPED_PROGRESS,
        "Progress writes skipped because the database did not answer."
    );
    // Series exist from the start (at 0), so rates and absence alerts work on a fresh process.
    for name in [
        SUBMITTED,
        STARTED,
        COMPLETED,
        FAILED,
        CANCELLED,
        ITERATIONS,
        RATE_LIMITED,
        RATE_LIMIT_ERRORS,
        DB_OUTAGES,
        DEFERRED_WRITES,
        SKIPPED_PROGRESS,
    ] {
        counter!(name).increment(0);
    }
    for name in [QUEUE_DEPTH, RUNNING, SSE_OPEN, PENDING_RESULTS] {
        gauge!(name).increment(0.0);
    }
    gauge!(DB_UP).set(1.0);
}

/// How a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It produced a report.
    Completed,
    /// It failed.
    Failed,
    /// It was cancelled.
    Cancelled,
}

impl Outcome {
    /// The label value.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Failed => "failed",
            Outcome::Cancelled => "cancelled",
        }
    }
}

/// A job was accepted into the queue.
pub fn job_submitted() {
    counter!(SUBMITTED).increment(1);
}

/// A worker started a job after it waited `queue_wait`.
pub fn job_started(queue_wait: Duration) {
    counter!(STARTED).increment(1);
    histogram!(QUEUE_WAIT).record(queue_wait.as_secs_f64());
}

/// A job ended; `ran` is its running time when it ran at all.
pub fn job_finished(outcome: Outcome, ran: Option<Duration>) {
    let name = match outcome {
        Outcome::Completed => COMPLETED,
        Outcome::Failed => FAILED,
        Outcome::Cancelled => CANCELLED,
    };
    counter!(name).increment(1);
    if let Some(d) = ran {
        histogram!(JOB_DURATION, "outcome" => outcome.name()).record(d.as_secs_f64());
    }
}

/// `n` more iterations were simulated.
pub fn iterations(n: u64) {
    counter!(ITERATIONS).increment(n);
}

/// The queue now holds `n` jobs.
pub fn queue_depth(n: usize) {
    gauge!(QUEUE_DEPTH).set(n as f64);
}

/// `n` jobs are running now.
pub fn running(n: usize) {
    gauge!(RUNNING).set(n as f64);
}

/// An SSE stream opened (`true`) or closed.
pub fn sse_stream(opened: bool) {
    if opened {
        gauge!(SSE_OPEN).increment(1.0);
    } else {
        gauge!(SSE_OPEN).decrement(1.0);
    }
}

/// A submission was refused by the rate limit.
pub fn rate_limited() {
    counter!(RATE_LIMITED).increment(1);
}

/// The Redis rate-limit store failed and the local window decided.
pub fn rate_limit_store_error() {
    counter!(RATE_LIMIT_ERRORS).increment(1);
}

/// One HTTP request answered.
pub fn http_request(method: &str, route: &str, status: u16, latency: Duration) {
    counter!(HTTP_REQUESTS, "method" => method.to_string(), "route" => route.to_string(), "status" => status.to_string())
        .increment(1);
    histogram!(HTTP_DURATION, "method" => method.to_string(), "route" => route.to_string())
        .record(latency.as_secs_f64());
}

/// The database stopped answering.
pub fn database_outage() {
    counter!(DB_OUTAGES).increment(1);
    database_up(false);
}

/// The database answers (`true`) or not.
pub fn database_up(up: bool) {
    gauge!(DB_UP).set(if up { 1.0 } else { 0.0 });
}

/// A job state write failed and will be retried.
pub fn deferred_write() {
    counter!(DEFERRED_WRITES).increment(1);
}

/// `n` finished jobs' results wait in memory for the database.
pub fn pending_results(n: usize) {
    gauge!(PENDING_RESULTS).set(n as f64);
}

/// A progress write was skipped (database unavailable).
pub fn progress_write_skipped() {
    counter!(SKIPPED_PROGRESS).increment(1);
}
