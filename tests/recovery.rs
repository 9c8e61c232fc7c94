//! Crash and shutdown recovery with the real server binary on SQLite and PostgreSQL: SIGKILL
//! mid-run over ten restarts, and SIGTERM with and without enough grace for the running job.

mod common;
use common::{process::Process, sse::SseStream};
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

/// ≈ 2 s of work on one core.
fn job_body() -> Value {
    json!({"rotationId": "fire_mage", "duration": 900, "iterations": 20000, "fightType": "patchwerk"})
}

async fn submit(b: &reqwest::Client, url: &str, body: &Value) -> String {
    let res = b
        .post(format!("{url}/api/simulations"))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    res.json::<Value>().await.unwrap()["jobId"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn history(b: &reqwest::Client, url: &str) -> Vec<Value> {
    let page: Value = b
        .get(format!("{url}/api/simulations?limit=100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["results"].as_array().unwrap().clone()
}

async fn job(b: &reqwest::Client, url: &str, id: &str) -> Value {
    b.get(format!("{url}/api/simulations/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Polls the history until `done` holds for it.
async fn wait_until(
    b: &reqwest::Client,
    url: &str,
    what: &str,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let jobs = history(b, url).await;
        if done(&jobs) {
            return jobs;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {jobs:#?}"
        );
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

fn count(jobs: &[Value], status: &str) -> usize {
    jobs.iter().filter(|j| j["status"] == status).count()
}

/// A job is running and has persisted at least one 10 % step.
fn running_with_progress(jobs: &[Value]) -> bool {
    jobs.iter()
        .any(|j| j["status"] == "running" && j["progress"]["current"].as_u64().unwrap_or(0) > 0)
}

async fn kill_restart_cycles(database_url: String) {
    let dir = tempfile::tempdir().unwrap();
    let env = [("ROTASIM_MAX_QUEUED_PER_USER", "20")];
    let b = common::browser();
    let mut p = Process::start(dir.path(), &database_url, &env).await;
    let mut ids = Vec::new();
    for _ in 0..8 {
        ids.push(submit(&b, &p.url, &job_body()).await);
    }
    // Completed results seen so far: job → (result id, mean DPS). None may ever change.
    let mut completed: HashMap<String, (Value, Value)> = HashMap::new();
    for cycle in 0..10 {
        if cycle % 4 == 1 {
            // Let one more job finish before the next crash.
            let before = completed.len();
            wait_until(&b, &p.url, "a completion", |jobs| {
                count(jobs, "completed") > before
            })
            .await;
        }
        wait_until(
            &b,
            &p.url,
            "a running job with progress",
            running_with_progress,
        )
        .await;
        for j in history(&b, &p.url).await {
            if j["status"] == "completed" {
                completed.insert(
                    j["jobId"].as_str().unwrap().into(),
                    (j["resultId"].clone(), j["meanDps"].clone()),
                );
            }
        }
        p.kill9();
        p = Process::start(dir.path(), &database_url, &env).await;
        // After every restart: no completed result lost or changed, and nothing is left
        // `running` without a worker (the interrupted job is queued again or failed).
        let jobs = history(&b, &p.url).await;
        assert_eq!(
            jobs.len(),
            ids.len(),
            "cycle {cycle}: the session and history survive"
        );
        for (id, (rid, mean)) in &completed {
            let j = job(&b, &p.url, id).await;
            assert_eq!(j["status"], "completed", "cycle {cycle}: {id}");
            assert_eq!(&j["resultId"], rid, "cycle {cycle}: {id}");
            assert_eq!(&j["meanDps"], mean, "cycle {cycle}: {id}");
            assert_eq!(j["result"]["stats"]["meanDps"], *mean);
        }
    }
    // Let the last process finish everything.
    let jobs = wait_until(&b, &p.url, "all jobs to end", |jobs| {
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
        let events = SseStream::open(&b, &format!("{}/api/simulations/{id}/stream", p.url), None)
            .await
            .collect(Duration::from_secs(10))
            .await;
        let last = events.last().unwrap();
        assert_eq!(last.event, "error");
        assert_eq!(last.data["message"], "Server restarted during execution");
    }
    for j in &done {
        let id = j["jobId"].as_str().unwrap();
        let full = job(&b, &p.url, id).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_ten_kill_restart_cycles() {
    let dir = tempfile::tempdir().unwrap();
    kill_restart_cycles(common::sqlite_url(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_survives_ten_kill_restart_cycles() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    kill_restart_cycles(common::fresh_postgres_url(&admin).await).await;
}

async fn sigterm_cases(database_url: String) {
    let dir = tempfile::tempdir().unwrap();
    let b = common::browser();

    // 1. Enough grace: the running job finishes before the process exits 0.
    let p = Process::start(dir.path(), &database_url, &[]).await;
    let id = submit(&b, &p.url, &job_body()).await;
    let queued = submit(&b, &p.url, &job_body()).await;
    wait_until(&b, &p.url, "the job to run", running_with_progress).await;
    let mut watching =
        SseStream::open(&b, &format!("{}/api/simulations/{id}/stream", p.url), None).await;
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
    let res = b
        .post(format!("{}/api/simulations", p.url))
        .json(&job_body())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
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
    let j = job(&b, &p.url, &id).await;
    assert_eq!(j["status"], "completed", "finished within the grace period");
    assert_eq!(j["attempts"], 1);
    // The job that was still queued runs after the restart.
    let events = SseStream::open(
        &b,
        &format!("{}/api/simulations/{queued}/stream", p.url),
        None,
    )
    .await
    .collect(Duration::from_secs(60))
    .await;
    assert_eq!(events.last().unwrap().event, "complete");

    // 2. Too little grace: the process still exits 0 on time; the job runs again next start.
    let p2_env = [("ROTASIM_SHUTDOWN_GRACE_SECS", "1")];
    drop(p);
    let p = Process::start(dir.path(), &database_url, &p2_env).await;
    let long = submit(
        &b,
        &p.url,
        &json!({"rotationId": "fire_mage", "duration": 900, "iterations": 50000, "fightType": "patchwerk"}),
    )
    .await;
    wait_until(&b, &p.url, "the long job to run", running_with_progress).await;
    p.sigterm();
    let (status, took, log) = p.wait_exit(Duration::from_secs(10)).await;
    assert!(status.success(), "exit status {status}:\n{log}");
    assert!(took < Duration::from_secs(4), "{took:?}\n{log}");
    assert!(log.contains("grace period over"), "{log}");
    let p = Process::start(dir.path(), &database_url, &[]).await;
    let events = SseStream::open(
        &b,
        &format!("{}/api/simulations/{long}/stream", p.url),
        None,
    )
    .await
    .collect(Duration::from_secs(90))
    .await;
    assert_eq!(events.last().unwrap().event, "complete");
    let j = job(&b, &p.url, &long).await;
    assert_eq!(
        (j["status"].as_str(), j["attempts"].as_u64()),
        (Some("completed"), Some(2))
    );
    drop(p);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigterm_gives_running_jobs_their_grace() {
    let dir = tempfile::tempdir().unwrap();
    sigterm_cases(common::sqlite_url(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sigterm_gives_running_jobs_their_grace() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    sigterm_cases(common::fresh_postgres_url(&admin).await).await;
}
