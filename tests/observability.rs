//! Metrics, logs and health of a real server process: `/metrics` parses as Prometheus text and
//! its counters, gauges and histograms move with the jobs this test runs; JSON logs carry
//! request and job spans and never a cookie or a request body; `/healthz` names the build.

mod common;

use common::{api::job_id, process::Process, Client};
use prometheus_parse::{Scrape, Value as Metric};
use serde_json::{json, Value};
use std::time::Duration;

/// How long a job may take to reach a status.
const WAIT: Duration = Duration::from_secs(30);

async fn scrape(url: &str) -> Scrape {
    let res = reqwest::get(format!("{url}/metrics")).await.unwrap();
    assert_eq!(res.status(), 200);
    let ct = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/plain; version=0.0.4"), "{ct}");
    let text = res.text().await.unwrap();
    Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("Prometheus text format")
}

/// The value of the series `name` whose labels include `labels` (0 when absent).
fn value(s: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    s.samples
        .iter()
        .filter(|x| x.metric == name)
        .filter(|x| labels.iter().all(|(k, v)| x.labels.get(k) == Some(*v)))
        .map(|x| match &x.value {
            Metric::Counter(v) | Metric::Gauge(v) | Metric::Untyped(v) => *v,
            Metric::Histogram(buckets) => buckets.iter().map(|b| b.count).fold(0.0, f64::max),
            Metric::Summary(_) => panic!("{name} is a summary, expected a histogram"),
        })
        .sum()
}

/// How much each listed series grew between two scrapes.
fn delta(before: &Scrape, after: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    value(after, name, labels) - value(before, name, labels)
}

#[tokio::test]
async fn metrics_logs_and_health_follow_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/obs.db?mode=rwc", dir.path().display());
    let server = Process::start(dir.path(), &db, &[("ROTASIM_RATE_LIMIT", "4")]).await;
    let url = server.url.clone();

    let health: Value = reqwest::get(format!("{url}/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));
    assert!(health["uptimeSecs"].is_u64(), "{health}");

    let before = scrape(&url).await;
    // Every series exists from the start, so rates and absence alerts work on a new process.
    for name in [
        "rotasim_simulations_failed_total",
        "rotasim_simulations_cancelled_total",
        "rotasim_rate_limited_total",
        "rotasim_queue_depth",
        "rotasim_sse_streams_open",
    ] {
        assert!(
            before.samples.iter().any(|s| s.metric == name),
            "{name} missing"
        );
    }

    // Two quick jobs complete.
    let b = Client::new(&url);
    let quick = json!({ "rotationId": "fury_warrior", "duration": 60, "iterations": 200, "fightType": "patchwerk" });
    let mut quick_ids = Vec::new();
    for _ in 0..2 {
        quick_ids.push(b.submit_ok(&quick).await);
    }
    for id in &quick_ids {
        b.wait_for_status(id, "completed", WAIT).await;
    }
    // A long job runs, watched over SSE, then is cancelled.
    let long = json!({ "rotationId": "fury_warrior", "duration": 900, "iterations": 50000, "fightType": "patchwerk" });
    let long_id = b.submit_ok(&long).await;
    b.wait_for_status(&long_id, "running", WAIT).await;
    let mut stream = b.stream(&long_id, None).await;
    assert_eq!(stream.status, 200);
    assert!(stream.next_event(Duration::from_secs(5)).await.is_some());
    let during = scrape(&url).await;
    assert_eq!(value(&during, "rotasim_sse_streams_open", &[]), 1.0);
    assert_eq!(value(&during, "rotasim_jobs_running", &[]), 1.0);
    assert_eq!(b.cancel(&long_id).await.0, 200);
    b.wait_for_status(&long_id, "cancelled", WAIT).await;
    while stream.next_frame(Duration::from_secs(5)).await.is_some() {}
    // The limit is 4: the fourth submission is admitted, the fifth refused.
    let (status, fourth) = b.submit(&quick).await;
    assert_eq!(status, 202);
    let (status, refused) = b.submit(&quick).await;
    assert_eq!(status, 429, "{refused}");
    assert_eq!(b.history().await[0]["jobId"], fourth["jobId"]);
    b.wait_for_status(&job_id(&fourth), "completed", WAIT).await;

    // Let the gauges settle (the SSE slot is released when the stream's task ends).
    let mut after = scrape(&url).await;
    for _ in 0..100 {
        if value(&after, "rotasim_sse_streams_open", &[]) == 0.0
            && value(&after, "rotasim_jobs_running", &[]) == 0.0
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        after = scrape(&url).await;
    }
    let d = |name: &str, labels: &[(&str, &str)]| delta(&before, &after, name, labels);
    assert_eq!(d("rotasim_simulations_submitted_total", &[]), 4.0);
    assert_eq!(d("rotasim_simulations_started_total", &[]), 4.0);
    assert_eq!(d("rotasim_simulations_completed_total", &[]), 3.0);
    assert_eq!(d("rotasim_simulations_cancelled_total", &[]), 1.0);
    assert_eq!(d("rotasim_simulations_failed_total", &[]), 0.0);
    assert_eq!(d("rotasim_rate_limited_total", &[]), 1.0);
    let iterations = d("rotasim_iterations_simulated_total", &[]);
    assert!(
        (600.0..600.0 + 50_000.0).contains(&iterations),
        "{iterations}"
    );
    assert_eq!(value(&after, "rotasim_queue_depth", &[]), 0.0);
    assert_eq!(value(&after, "rotasim_jobs_running", &[]), 0.0);
    assert_eq!(value(&after, "rotasim_sse_streams_open", &[]), 0.0);
    assert_eq!(
        d(
            "rotasim_job_duration_seconds_count",
            &[("outcome", "completed")]
        ),
        3.0
    );
    assert_eq!(
        d(
            "rotasim_job_duration_seconds_count",
            &[("outcome", "cancelled")]
        ),
        1.0
    );
    assert_eq!(d("rotasim_job_queue_wait_seconds_count", &[]), 4.0);
    let post = [("method", "POST"), ("route", "/api/simulations")];
    assert_eq!(
        d(
            "rotasim_http_requests_total",
            &[post[0], post[1], ("status", "202")]
        ),
        4.0
    );
    assert_eq!(
        d(
            "rotasim_http_requests_total",
            &[post[0], post[1], ("status", "429")]
        ),
        1.0
    );
    assert!(
        d(
            "rotasim_http_requests_total",
            &[
                ("method", "GET"),
                ("route", "/api/simulations/:id"),
                ("status", "200")
            ]
        ) >= 4.0,
        "{:#?}",
        after
            .samples
            .iter()
            .filter(|s| s.metric == "rotasim_http_requests_total")
            .map(|s| format!("{:?}", s.labels))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        d(
            "rotasim_http_request_duration_seconds_count",
            &[post[0], post[1]]
        ),
        5.0
    );

    // The logs: JSON lines with request and job spans; no session id, no request body.
    let session_id = b
        .cookie()
        .expect("a session cookie")
        .split_once('=')
        .unwrap()
        .1
        .to_string();
    let log = server.log();
    drop(server);
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        !log.contains(&session_id),
        "the session id leaked into the logs"
    );
    assert!(
        !log.contains("rotationId") && !log.contains("fury_warrior\",\"duration"),
        "a request body leaked"
    );
    let has = |pred: &dyn Fn(&Value) -> bool| lines.iter().any(pred);
    assert!(has(&|l| l["message"] == "response"
        && l["span"]["method"] == "POST"
        && l["span"]["route"] == "/api/simulations"
        && l["span"]["status"] == 429
        && l["span"]["latency_ms"].is_u64()));
    assert!(has(
        &|l| l["message"] == "response" && l["span"]["route"] == "/api/simulations/:id/stream"
    ));
    assert!(
        !has(&|l| l["span"]["route"]
            .as_str()
            .is_some_and(|r| r.contains(&long_id))),
        "ids stay out of routes"
    );
    for id in &quick_ids {
        assert!(
            has(&|l| l["message"] == "job completed"
                && l["span"]["job_id"] == id.as_str()
                && l["span"]["spec"] == "fury_warrior"
                && l["span"]["user"].is_string()
                && l["iterations"] == 200
                && l["elapsed_ms"].is_u64()),
            "no completion event for {id}"
        );
        assert!(has(&|l| l["message"] == "job started"
            && l["span"]["job_id"] == id.as_str()
            && l["queue_wait_ms"].is_u64()));
    }
    assert!(has(&|l| l["message"] == "job cancelled"
        && l["span"]["job_id"] == long_id.as_str()
        && l["iterations_done"].as_u64().is_some_and(|n| n > 0)));
    assert!(has(
        &|l| l["message"] == "submission rate-limited" && l["retry_after_secs"].is_u64()
    ));
}
