//! Scale-out figures for BENCHMARKS.md, on demand (they take minutes and want a quiet machine):
//!
//! ```text
//! ROTASIM_TEST_POSTGRES_URL=postgres://… cargo test -p rotasim --features ssr --release \
//!     --test cluster_bench -- --ignored --nocapture --test-threads 1
//! ```
//!
//! - `throughput`: a fixed mixed workload (24 jobs: four specs, three fight types, 6 000–24 000
//!   iterations) through one web instance with 1, then 2 worker processes (one engine thread
//!   each): jobs per minute.
//! - `claim_latency`: two claimers on an empty queue, then draining a 1 000-job queue: the
//!   claim's p50/p99.
//! - `relay_latency`: a `NOTIFY` from one process to 100 SSE subscribers of a web instance:
//!   publish → receipt p50/p99.

mod common;

use common::{process::Process, Client, TestDb};
use rotasim::jobs::cluster::{events, PgQueue};
use serde_json::json;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const ENV: &[(&str, &str)] = &[
    ("ROTASIM_RATE_LIMIT", "0"),
    ("ROTASIM_MAX_QUEUED_PER_USER", "1000"),
    ("ROTASIM_MAX_QUEUED_TOTAL", "2000"),
    ("ROTASIM_MAX_STREAMS_PER_CLIENT", "500"),
    ("RUST_LOG", "warn"),
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(mut xs: Vec<f64>) -> String {
    xs.sort_by(f64::total_cmp);
    format!(
        "n={} p50={:.2} ms p99={:.2} ms max={:.2} ms",
        xs.len(),
        percentile(&xs, 0.5),
        percentile(&xs, 0.99),
        xs.last().copied().unwrap_or(0.0)
    )
}

/// The mixed workload: 24 jobs.
fn workload() -> Vec<serde_json::Value> {
    let specs = [
        "fury_warrior",
        "fire_mage",
        "affliction_warlock",
        "beast_mastery_hunter",
    ];
    let fights = [("patchwerk", 1), ("aoe", 4), ("movement", 1)];
    let mut jobs = Vec::new();
    for i in 0..24u64 {
        let spec = specs[i as usize % specs.len()];
        let (fight, targets) = fights[i as usize % fights.len()];
        jobs.push(
            json!({"rotationId": spec, "duration": 180, "iterations": 6000 * (1 + i % 4),
                         "fightType": fight, "targets": targets, "seed": i}),
        );
    }
    jobs
}

async fn jobs_per_minute(workers: usize) -> f64 {
    let db = TestDb::postgres().await.expect("ROTASIM_TEST_POSTGRES_URL");
    let dir = tempfile::tempdir().unwrap();
    let web = Process::start_with_args(dir.path(), &db.url, &["serve", "--role", "web"], ENV).await;
    let client = Client::new(&web.url);
    let mut procs = Vec::new();
    for _ in 0..workers {
        procs.push(Process::start_with_args(dir.path(), &db.url, &["worker"], ENV).await);
    }
    // The clock runs from the first submission to the last completion.
    let jobs = workload();
    let t0 = Instant::now();
    for body in &jobs {
        client.submit_ok(body).await;
    }
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    loop {
        let done: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM simulation_jobs WHERE status = 'completed'")
                .fetch_one(&pool)
                .await
                .unwrap();
        if done as usize == jobs.len() {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(1800), "workload stuck");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let secs = t0.elapsed().as_secs_f64();
    let (run, workers_used): (f64, i64) = sqlx::query_as(
        "SELECT AVG(EXTRACT(EPOCH FROM completed_at - started_at))::float8, \
         COUNT(DISTINCT split_part(worker_id, '#', 1)) FROM simulation_jobs",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    println!(
        "  {workers} worker(s): {} jobs in {secs:.1} s, mean run {run:.2} s per job, {workers_used} worker(s) used",
        jobs.len()
    );
    jobs.len() as f64 * 60.0 / secs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run on demand"]
async fn throughput() {
    let one = jobs_per_minute(1).await;
    let two = jobs_per_minute(2).await;
    println!(
        "throughput: 1 worker {one:.1} jobs/min, 2 workers {two:.1} jobs/min, ×{:.2}",
        two / one
    );
}

/// Inserts `n` queued jobs with the columns the claim needs.
async fn fill(pool: &sqlx::PgPool, n: usize) {
    sqlx::query(
        "INSERT INTO simulation_jobs (id, status, rotation_id, duration, iterations, fight_type, \
         config, progress_total, seed) \
         SELECT 'bench-' || g, 'queued', 'fury_warrior', 60, 100, 'patchwerk', '{}'::jsonb, 100, g \
         FROM generate_series(1, $1) g",
    )
    .bind(n as i64)
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run on demand"]
async fn claim_latency() {
    let db = TestDb::postgres().await.expect("ROTASIM_TEST_POSTGRES_URL");
    let queue = PgQueue::connect(&db.url, Duration::from_secs(30))
        .await
        .unwrap();
    // Two workers polling an empty queue.
    let mut tasks = Vec::new();
    for w in 0..2 {
        let q = queue.clone();
        tasks.push(tokio::spawn(async move {
            let mut xs = Vec::new();
            for _ in 0..500 {
                let t = Instant::now();
                assert!(q.claim(&format!("bench-{w}")).await.unwrap().is_none());
                xs.push(t.elapsed().as_secs_f64() * 1e3);
            }
            xs
        }));
    }
    let mut empty = Vec::new();
    for t in tasks {
        empty.extend(t.await.unwrap());
    }
    println!("claim, empty queue, 2 claimers: {}", summary(empty));
    // Two workers draining 1 000 queued jobs.
    fill(queue.pool(), 1000).await;
    let mut tasks = Vec::new();
    for w in 0..2 {
        let q = queue.clone();
        tasks.push(tokio::spawn(async move {
            let mut xs = Vec::new();
            loop {
                let t = Instant::now();
                let claimed = q.claim(&format!("bench-{w}")).await.unwrap();
                if claimed.is_none() {
                    return xs;
                }
                xs.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }));
    }
    let mut full = Vec::new();
    for t in tasks {
        full.extend(t.await.unwrap());
    }
    assert_eq!(full.len(), 1000, "each job claimed once");
    println!("claim, 1 000-job queue, 2 claimers: {}", summary(full));
}

fn now_micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run on demand"]
async fn relay_latency() {
    const SUBSCRIBERS: usize = 100;
    const EVENTS: u64 = 100;
    let db = TestDb::postgres().await.expect("ROTASIM_TEST_POSTGRES_URL");
    let dir = tempfile::tempdir().unwrap();
    let web = Process::start_with_args(dir.path(), &db.url, &["serve", "--role", "web"], ENV).await;
    let client = Client::new(&web.url);
    // No worker: the job stays queued, and the "worker" is this test, notifying directly.
    let id = client
        .submit_ok(
            &json!({"rotationId": "fury_warrior", "duration": 60, "iterations": 100,
                           "fightType": "patchwerk"}),
        )
        .await;
    let mut readers = Vec::new();
    for _ in 0..SUBSCRIBERS {
        let mut s = client.stream(&id, None).await;
        readers.push(tokio::spawn(async move {
            let mut xs = Vec::new();
            while let Some(e) = s.next_event(Duration::from_secs(10)).await {
                if e.event == "progress" {
                    let sent = e.data["current"].as_u64().unwrap();
                    xs.push((now_micros().saturating_sub(sent)) as f64 / 1e3);
                    if e.data["total"] == e.data["current"] {
                        break;
                    }
                }
                if e.event == "cancelled" {
                    break;
                }
            }
            xs
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await; // every stream is open
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    for i in 1..=EVENTS {
        let sent = now_micros();
        let total = if i == EVENTS { sent } else { u64::MAX / 2 };
        let event = rotasim::model::StreamEvent::Progress {
            current: sent,
            total,
            percentage: 0,
        };
        let notice = events::Notice::for_event(&id, events::STRIDE + i, event);
        events::send(&pool, &notice).await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut all = Vec::new();
    for r in readers {
        all.extend(r.await.unwrap());
    }
    assert!(
        all.len() >= SUBSCRIBERS * EVENTS as usize * 9 / 10,
        "{} receipts",
        all.len()
    );
    println!(
        "NOTIFY → SSE receipt, {SUBSCRIBERS} subscribers: {}",
        summary(all)
    );
}
