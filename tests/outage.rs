//! The database going away is a delay, never a loss. On PostgreSQL the portal reaches the
//! database through a proxy that is cut mid-job (open connections dropped, new ones refused);
//! on SQLite the fault is its own: the file locked by another writer beyond the busy timeout,
//! and a full disk (a small tmpfs, where it can be mounted). In each: the running job's
//! subscriber gets its one terminal event while the database is away, requests are answered
//! 503 `DATABASE_UNAVAILABLE` with `Retry-After` and no internals, and when the database
//! returns the row catches up, the queued job runs and nothing is left `running`.

mod common;

use common::{proxy::portal_behind_proxy, sse::Frame, Client, Server, TestDb};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A job of a few seconds on one engine thread.
fn long_job() -> Value {
    json!({"rotationId": "fire_mage", "duration": 900, "iterations": 30000, "fightType": "patchwerk"})
}

/// How long anything here may take.
const PATIENCE: Duration = Duration::from_secs(90);

/// Reads a stream to its end: every event frame, and whether it ended with a `retry:` hint.
async fn events_until_end(s: &mut common::sse::SseStream) -> Vec<Frame> {
    let mut out = Vec::new();
    while let Some(f) = s.next_frame(PATIENCE).await {
        let end =
            matches!(f.event.as_str(), "complete" | "error" | "cancelled") || f.retry.is_some();
        if !f.event.is_empty() || end {
            out.push(f);
        }
        if end {
            break;
        }
    }
    out
}

/// The one terminal event of `frames` (asserting there is exactly one, and last).
fn one_terminal(frames: &[Frame]) -> &Frame {
    let terminals: Vec<&Frame> = frames
        .iter()
        .filter(|f| matches!(f.event.as_str(), "complete" | "error" | "cancelled"))
        .collect();
    assert_eq!(terminals.len(), 1, "exactly one terminal event: {frames:?}");
    assert_eq!(frames.last(), Some(terminals[0]), "nothing after it");
    terminals[0]
}

/// Waits until the stream shows the job running with some progress.
async fn until_progress(s: &mut common::sse::SseStream, min_pct: u64) {
    loop {
        let f = s
            .next_event(PATIENCE)
            .await
            .expect("progress before the end");
        assert!(
            !matches!(f.event.as_str(), "complete" | "error" | "cancelled"),
            "the job ended before the fault: {f:?}"
        );
        if f.event == "progress" && f.data["percentage"].as_u64().unwrap_or(0) >= min_pct {
            return;
        }
    }
}

/// Polls the job until it is completed, through 503s while the portal has not yet noticed the
/// database's return (it pings twice a second).
async fn completed(b: &Client, id: &str) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (status, job) = b.get(id).await;
        if status == 200 && job["status"] == "completed" {
            return job;
        }
        assert!(
            status == 503 || (status == 200 && job["status"] != "failed"),
            "{status} {job}"
        );
        assert!(Instant::now() < deadline, "job {id} never completed: {job}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One metric's value from `/metrics` (0 when absent).
async fn metric(url: &str, name: &str) -> f64 {
    let text = reqwest::get(format!("{url}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with([' ', '{']))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// A refused request during the outage: 503 `DATABASE_UNAVAILABLE` with `Retry-After`, in
/// words that name no internals.
async fn assert_unavailable(res: reqwest::Response, what: &str) {
    assert_eq!(res.status(), 503, "{what}");
    let retry = res
        .headers()
        .get("retry-after")
        .unwrap_or_else(|| panic!("{what}: no Retry-After"))
        .to_str()
        .unwrap()
        .to_string();
    let text = res.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{what}: {text}"));
    assert_eq!(body["code"], "DATABASE_UNAVAILABLE", "{what}: {body}");
    assert_eq!(body["retryAfter"].to_string(), retry, "{what}: {body}");
    let lower = text.to_lowercase();
    for word in [
        "pool",
        "session",
        "sqlx",
        "sqlite",
        "postgres",
        "connection",
    ] {
        assert!(
            !lower.contains(word),
            "{what} names internals ({word}): {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_outage_mid_job_loses_nothing() {
    let Some((proxy, server, t)) = portal_behind_proxy(common::one_worker()).await else {
        return;
    };
    let b = server.browser();
    // A running job with a subscriber, and one queued behind it with another.
    let running = b.submit_ok(&long_job()).await;
    let queued = b.submit_ok(&long_job()).await;
    let mut s1 = b.stream(&running, None).await;
    let mut s2 = b.stream(&queued, None).await;
    until_progress(&mut s1, 10).await;
    let outages_before = metric(&server.url, "rotasim_database_outages_total").await;

    proxy.cut();
    let cut_at = Instant::now();
    // Readiness says so at once, and again at once.
    for round in 0..2 {
        let t0 = Instant::now();
        let r = reqwest::get(format!("{}/readyz", server.url))
            .await
            .unwrap();
        assert_eq!(r.status(), 503, "readyz round {round}");
        assert!(
            t0.elapsed() < Duration::from_millis(1500),
            "readyz took {:?}",
            t0.elapsed()
        );
    }
    // Submissions (an existing session and a new visitor) are refused quickly.
    for client in [b.clone(), Client::new(&server.url)] {
        let t0 = Instant::now();
        let res = client
            .http
            .post(client.url("/api/simulations"))
            .json(&long_job())
            .send()
            .await
            .unwrap();
        let took = t0.elapsed();
        assert_unavailable(res, "a submission during the outage").await;
        assert!(took < Duration::from_secs(3), "the refusal took {took:?}");
    }
    // A stream asked for now is told when to come back, not that the job failed.
    let mut hint = b.stream(&queued, None).await;
    assert_eq!(hint.status, 200);
    let f = hint.next_frame(PATIENCE).await.expect("a retry hint");
    assert!(f.retry.is_some(), "{f:?}");
    assert!(
        hint.next_frame(Duration::from_secs(5)).await.is_none(),
        "and the stream ends"
    );
    // A server function answers the same way.
    let res = b
        .server_fn("/api/simulations/list", &json!({"filter": {}}))
        .await;
    assert_eq!(res.status(), 503, "{:?}", res.text().await);
    // The history page says the service is temporarily unavailable.
    let page = b
        .http
        .get(b.url("/simulate/history"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("temporarily unavailable"),
        "the history page during the outage"
    );

    // The running job's result exists while the database is away: its subscriber gets it.
    let frames = events_until_end(&mut s1).await;
    let complete = one_terminal(&frames);
    assert_eq!(complete.event, "complete", "{frames:?}");
    let result_id = complete.data["resultId"].as_str().unwrap().to_string();
    assert!(
        !proxy_is_up(&server.url).await,
        "the result arrived during the outage"
    );
    let outage = cut_at.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    // (Gauges are per process and other tests of this binary move them: asked directly.)
    assert!(!server.state.services.db.health().is_up());
    assert_eq!(server.jobs().pending_count(), 1, "the result is held");
    proxy.restore();

    // The row catches up with the same result; the queued job runs; nothing stays running.
    let job = completed(&b, &running).await;
    assert_eq!(job["resultId"], result_id.as_str(), "{job}");
    assert!(job["meanDps"].as_f64().unwrap() > 0.0);
    let frames = events_until_end(&mut s2).await;
    assert_eq!(one_terminal(&frames).event, "complete", "{frames:?}");
    let second = completed(&b, &queued).await;
    assert!(second["resultId"].is_string());
    for j in b.history().await {
        assert_eq!(j["status"], "completed", "{j}");
    }
    assert_eq!(common::count_rows(&t.url, "rotation_sim_results").await, 2);
    let r = reqwest::get(format!("{}/readyz", server.url))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(metric(&server.url, "rotasim_database_outages_total").await > outages_before);
    assert!(metric(&server.url, "rotasim_deferred_writes_total").await >= 1.0);
    assert_eq!(server.jobs().pending_count(), 0);
    // A new submission after the outage runs normally.
    let again = b.submit_ok(&json!({"rotationId": "fire_mage", "duration": 60, "iterations": 100, "fightType": "patchwerk"})).await;
    b.wait_for_status(&again, "completed", PATIENCE).await;
    eprintln!("outage of {outage:?}: the held result was written after the database returned");
    server.kill();
}

/// True when `/readyz` says the database answers.
async fn proxy_is_up(url: &str) -> bool {
    reqwest::get(format!("{url}/readyz"))
        .await
        .unwrap()
        .status()
        == 200
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_sqlite_file_delays_the_result_and_loses_nothing() {
    use sqlx::Connection;
    let t = TestDb::sqlite().await;
    let server = Server::one_worker(t.db.clone()).await;
    let b = server.browser();
    let id = b.submit_ok(&long_job()).await;
    let mut s = b.stream(&id, None).await;
    until_progress(&mut s, 10).await;
    // Another writer takes the file and keeps it beyond the busy timeout (5 s).
    let mut locker = sqlx::SqliteConnection::connect(&t.url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut locker)
        .await
        .unwrap();
    let locked_at = Instant::now();
    let frames = events_until_end(&mut s).await;
    let complete = one_terminal(&frames);
    assert_eq!(complete.event, "complete", "{frames:?}");
    let result_id = complete.data["resultId"].as_str().unwrap().to_string();
    assert!(locked_at.elapsed() < Duration::from_secs(60));
    // A new visitor's submission needs a write: refused with 503 and a Retry-After.
    let newcomer = Client::new(&server.url);
    let res = newcomer
        .http
        .post(newcomer.url("/api/simulations"))
        .json(&long_job())
        .send()
        .await
        .unwrap();
    assert_unavailable(res, "a submission while the file is locked").await;
    // Still locked: the row has not caught up (read beside the lock, as readers may).
    let common::Raw::Sqlite(reader) = common::raw(&t.url).await else {
        unreachable!()
    };
    let status: String = sqlx::query_scalar("SELECT status FROM simulation_jobs WHERE id = ?")
        .bind(&id)
        .fetch_one(&reader)
        .await
        .unwrap();
    assert_eq!(status, "running");
    sqlx::query("ROLLBACK").execute(&mut locker).await.unwrap();
    drop(locker);
    let job = completed(&b, &id).await;
    assert_eq!(job["resultId"], result_id.as_str());
    assert_eq!(common::count_rows(&t.url, "rotation_sim_results").await, 1);
    assert_integrity(&t.url).await;
    server.kill();
}

/// SQLite's own check of the file.
async fn assert_integrity(url: &str) {
    let common::Raw::Sqlite(p) = common::raw(url).await else {
        unreachable!()
    };
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&p)
        .await
        .unwrap();
    assert_eq!(ok, "ok");
}

/// A small tmpfs of `mb` MiB at a new directory, or `None` where mounting is not allowed.
fn small_tmpfs(mb: u32) -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().ok()?;
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
        .arg(dir.path())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(dir)
}

// Flaky premise, so not in CI: SQLite can restart its write-ahead log in place after a
// checkpoint, and then a result fits on a "full" disk (about half the runs). The locked-file test
// above is the SQLite fault CI runs; run this one with `--ignored`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "the full disk does not always stop SQLite's write (WAL reuse); run with --ignored"]
async fn a_full_disk_under_sqlite_delays_the_result_until_space_returns() {
    let Some(dir) = small_tmpfs(24) else {
        eprintln!(
            "SKIPPED: cannot mount a tmpfs here (needs root); the full-disk fault is not tested"
        );
        return;
    };
    let unmount = Unmount(dir.path().to_path_buf());
    let url = format!("sqlite://{}/rotasim.db", dir.path().display());
    let db = rotasim::db::connect_and_migrate(&url).await.unwrap();
    let server = Server::one_worker(db).await;
    let b = server.browser();
    let id = b.submit_ok(&long_job()).await;
    let mut s = b.stream(&id, None).await;
    until_progress(&mut s, 10).await;
    // Empty the write-ahead log (so the next write needs new space), then fill the disk.
    let common::Raw::Sqlite(raw) = common::raw(&url).await else {
        unreachable!()
    };
    loop {
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&raw)
            .await
            .unwrap();
        if busy == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    raw.close().await;
    let filler = dir.path().join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        // Down to the last byte: a few free kilobytes would let a small write land.
        for size in [64 * 1024, 4 * 1024, 512, 1] {
            let block = vec![0u8; size];
            while f.write_all(&block).and_then(|_| f.flush()).is_ok() {}
        }
        let _ = f.sync_all();
    }
    let frames = events_until_end(&mut s).await;
    let complete = one_terminal(&frames);
    assert_eq!(complete.event, "complete", "{frames:?}");
    let result_id = complete.data["resultId"].as_str().unwrap().to_string();
    // The result cannot land on a full disk.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let status = b.get(&id).await;
    assert!(
        status.0 == 503 || status.1["status"] == "running",
        "the write cannot have landed: {status:?}"
    );
    std::fs::remove_file(&filler).unwrap();
    let job = completed(&b, &id).await;
    assert_eq!(job["resultId"], result_id.as_str());
    assert_integrity(&url).await;
    server.kill();
    drop(unmount);
}

/// Unmounts a test tmpfs when dropped.
struct Unmount(std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_memory_cap_a_finished_job_runs_again_when_the_database_returns() {
    let jobs = rotasim::jobs::JobsConfig {
        max_pending_results: 0,
        ..common::one_worker()
    };
    let Some((proxy, server, t)) = portal_behind_proxy(jobs).await else {
        return;
    };
    let b = server.browser();
    let id = b.submit_ok(&long_job()).await;
    let mut s = b.stream(&id, None).await;
    until_progress(&mut s, 10).await;
    proxy.cut();
    // The engine finishes during the outage; with no room to hold it, the result is not kept.
    let deadline = Instant::now() + PATIENCE;
    while server.jobs().running_count() > 0 {
        assert!(Instant::now() < deadline, "the engine never finished");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        server.jobs().pending_count(),
        0,
        "nothing held past the cap"
    );
    proxy.restore();
    // The job runs again and completes once; its subscriber sees one end, the re-run's.
    let frames = events_until_end(&mut s).await;
    let complete = one_terminal(&frames);
    assert_eq!(complete.event, "complete", "{frames:?}");
    let job = completed(&b, &id).await;
    assert_eq!(job["resultId"], complete.data["resultId"]);
    assert_eq!(job["attempts"], 2, "{job}");
    assert_eq!(common::count_rows(&t.url, "rotation_sim_results").await, 1);
    server.kill();
}
