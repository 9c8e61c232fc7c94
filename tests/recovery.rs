//! Crash and shutdown recovery with the real server binary on SQLite and PostgreSQL: SIGKILL
//! mid-run over ten restarts, and SIGTERM with and without enough grace for the running job.

mod common;
use common::{process::Process, Client, TestDb};
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

/// ≈ 2 s of work on one core.
fn job_body() -> Value {
    json!({"rotationId": "fire_mage", "duration": 900, "iterations": 20000, "fightType": "patchwerk"})
}

/// How long a history condition may take to come true.
const PATIENCE: Duration = Duration::from_secs(120);

fn count(jobs: &[Value], status: &str) -> usize {
    jobs.iter().filter(|j| j["status"] == status).count()
}

/// A job is running and has persisted at least one 10 % step.
fn running_with_progress(jobs: &[Value]) -> bool {
    jobs.iter()
        .any(|j| j["status"] == "running" && j["progress"]["current"].as_u64().unwrap_or(0) > 0)
}

both_databases!(survives_ten_kill_restart_cycles, kill_restart_cycles);

async fn kill_restart_cycles(t: TestDb) {
    // Only the server processes use the database (and `count_rows` at the end).
    t.db.close().await;
    let database_url = t.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let env = [("ROTASIM_MAX_QUEUED_PER_USER", "20")];
    let mut p = Process::start(dir.path(), &database_url, &env).await;
    let mut b = Client::new(&p.url);
    let mut ids = Vec::new();
    for _ in 0..8 {
        ids.push(b.submit_ok(&job_body()).await);
    }
    // Completed results seen so far: job → (result id, mean DPS). None may ever change.
    let mut completed: HashMap<String, (Value, Value)> = HashMap::new();
    for cycle in 0..10 {
        if cycle % 4 == 1 {
            // Let one more job finish before the next crash.
            let before = completed.len();
            b.wait_for_history("a completion", PATIENCE, |jobs| {
                count(jobs, "completed") > before
            })
            .await;
        }
        b.wait_for_history(
            "a running job with progress",
            PATIENCE,
            running_with_progress,
        )
        .await;
        for j in b.history().await {
            if j["status"] == "completed" {
                completed.insert(
                    j["jobId"].as_str().unwrap().into(),
                    (j["resultId"].clone(), j["meanDps"].clone()),
                );
            }
        }
        p.kill9();
        p = Process::start(dir.path(), &database_url, &env).await;
        b = b.at(&p.url);
        // After every restart: no completed result lost or changed, and nothing is left
        // `running` without a worker (the interrupted job is queued again or failed).
        let jobs = b.history().await;
        assert_eq!(
            jobs.len(),
            ids.len(),
            "cycle {cycle}: the session and history survive"
        );
        for (id, (rid, mean)) in &completed {
            let j = b.job(id).await;
            assert_eq!(j["status"], "completed", "cycle {cycle}: {id}");
            assert_eq!(&j["resultId"], rid, "cycle {cycle}: {id}");
            assert_eq!(&j["meanDps"], mean, "cycle {cycle}: {id}");
            assert_eq!(j["result"]["stats"]["meanDps"], *mean);
        }
    }
    // Let the last process finish everything.
    let jobs = b
        .wait_for_history("all jobs to end", PATIENCE, |jobs| {
            jobs.iter()
                .all(|j| j["status"] == "completed" || j["status"] == "failed")
        })
        .await;
    let failed: Vec<&Value> = jobs.iter().filter(|j| j["status"] == "failed").collect();
    let done: Vec<&Value> = jobs.iter().filter(|j| j["status"] == "completed").collect();
    assert_eq!(failed.len() + done.len(), ids.len());
    assert!(!failed.is_empty(), "three crashes in a row must fail a job");
    assert!(
        done.iter().any(|j| j["attempts"].as_u64().unwrap() >= 2),
        "an interrupted job was re-run to completion: {done:#?}"
    );
    for j in &failed {
        assert_eq!(j["error"], "Server restarted during execution");
        assert_eq!(j["errorCode"], "SERVER_RESTARTED");
        assert_eq!(j["attempts"], 3);
        // The stream tells the truth too.
        let id = j["jobId"].as_str().unwrap();
        let events = b.stream_to_end_within(id, Duration::from_secs(10)).await;
        let last = events.last().unwrap();
        assert_eq!(last.event, "error");
        assert_eq!(last.data["message"], "Server restarted during execution");
    }
    for j in &done {
        let id = j["jobId"].as_str().unwrap();
        let full = b.job(id).await;
        assert_eq!(full["result"]["stats"]["iterations"], 20000, "{id}");
        if let Some((rid, _)) = completed.get(id) {
            assert_eq!(&full["resultId"], rid);
        }
    }
    // One result row per completed job: no duplicates from re-runs.
    assert_eq!(
        common::count_rows(&database_url, "rotation_sim_results").await,
        done.len() as i64
    );
    println!(
        "10 SIGKILL cycles: {} completed ({} after a re-run), {} failed after 3 attempts",
        done.len(),
        done.iter()
            .filter(|j| j["attempts"].as_u64().unwrap() >= 2)
            .count(),
        failed.len()
    );
    drop(p);
}

both_databases!(sigterm_gives_running_jobs_their_grace, sigterm_cases);

async fn sigterm_cases(t: TestDb) {
    t.db.close().await;
    let database_url = t.url.clone();
    let dir = tempfile::tempdir().unwrap();

    // 1. Enough grace: the running job finishes before the process exits 0.
    let p = Process::start(dir.path(), &database_url, &[]).await;
    let b = Client::new(&p.url);
    let id = b.submit_ok(&job_body()).await;
    let queued = b.submit_ok(&job_body()).await;
    b.wait_for_history("the job to run", PATIENCE, running_with_progress)
        .await;
    let mut watching = b.stream(&id, None).await;
    assert_eq!(watching.status, 200);
    let t0 = Instant::now();
    p.sigterm();
    // Readiness and submissions answer 503 at once; open streams end with a retry hint.
    let plain = reqwest::Client::new();
    let mut ready = 200;
    while t0.elapsed() < Duration::from_secs(2) {
        ready = plain
            .get(format!("{}/readyz", p.url))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        if ready == 503 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(ready, 503, "readiness turns 503 on SIGTERM");
    assert_eq!(b.submit(&job_body()).await.0, 503);
    let mut hint = None;
    while let Some(f) = watching.next_frame(Duration::from_secs(5)).await {
        if f.comment
            .as_deref()
            .is_some_and(|c| c.contains("shutting down"))
        {
            hint = f.comment;
            break;
        }
    }
    assert!(hint.is_some(), "the stream ended with a reconnect hint");
    let (status, took, log) = p.wait_exit(Duration::from_secs(35)).await;
    assert!(status.success(), "exit status {status}:\n{log}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert!(log.contains("waiting for running jobs"), "{log}");
    let p = Process::start(dir.path(), &database_url, &[]).await;
    let b = b.at(&p.url);
    let j = b.job(&id).await;
    assert_eq!(j["status"], "completed", "finished within the grace period");
    assert_eq!(j["attempts"], 1);
    // The job that was still queued runs after the restart.
    let events = b.stream_to_end(&queued).await;
    assert_eq!(events.last().unwrap().event, "complete");

    // 2. Too little grace: the process still exits 0 on time; the job runs again next start.
    let p2_env = [("ROTASIM_SHUTDOWN_GRACE_SECS", "1")];
    drop(p);
    let p = Process::start(dir.path(), &database_url, &p2_env).await;
    let b = b.at(&p.url);
    let long = b
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 900, "iterations": 50000, "fightType": "patchwerk"}))
        .await;
    b.wait_for_history("the long job to run", PATIENCE, running_with_progress)
        .await;
    p.sigterm();
    let (status, took, log) = p.wait_exit(Duration::from_secs(10)).await;
    assert!(status.success(), "exit status {status}:\n{log}");
    assert!(took < Duration::from_secs(4), "{took:?}\n{log}");
    assert!(log.contains("grace period over"), "{log}");
    let p = Process::start(dir.path(), &database_url, &[]).await;
    let b = b.at(&p.url);
    let events = b.stream_to_end_within(&long, Duration::from_secs(90)).await;
    assert_eq!(events.last().unwrap().event, "complete");
    let j = b.job(&long).await;
    assert_eq!(
        (j["status"].as_str(), j["attempts"].as_u64()),
        (Some("completed"), Some(2))
    );
    drop(p);
}
