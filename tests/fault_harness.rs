//! The fault-and-load harness: rounds of faults at random points, each checked for lost
//! results, jobs stuck `running`, duplicate results and subscribers left without an end.
//!
//! In `cargo test` it runs a short version (a few rounds, short outages). On demand, the full
//! figures of BENCHMARKS.md:
//!
//! ```text
//! ROTASIM_HARNESS_OUTAGE_ROUNDS=20 ROTASIM_HARNESS_OUTAGE_SECS=5,15,60 \
//! ROTASIM_HARNESS_KILL_ROUNDS=20 ROTASIM_HARNESS_WATCHERS=100 \
//! cargo test -p rotasim --features ssr --release --test fault_harness -- --nocapture --test-threads 1
//! ```
//!
//! `ROTASIM_HARNESS_SEED` replays a run (each run prints its seed).
//! - **PostgreSQL outages** (`postgres_outage_rounds`): the portal reaches PostgreSQL through a
//!   proxy that is cut (connections dropped, new ones refused) while a job is queued, mid-run
//!   or at its completion write, for each listed length in turn, with a second job queued
//!   behind it and a subscriber on each.
//! - **kill -9** (`kill_rounds::{sqlite,postgres}`): the real binary under a steady load of
//!   submissions from five users and `WATCHERS` open streams, killed at a random moment and
//!   restarted; every accepted job must end exactly once (one result row) or fail visibly.

mod common;

use common::{
    process::Process, proxy::portal_behind_proxy, sse::SseStream, Client, Server, TestDb,
};
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Seconds of the day of an RFC 3339 UTC timestamp (`…THH:MM:SS.fffZ`).
fn secs(ts: &Value) -> f64 {
    let t = ts.as_str().expect("a timestamp");
    let time = t.split('T').nth(1).unwrap().trim_end_matches('Z');
    let mut parts = time.split(':');
    let h: f64 = parts.next().unwrap().parse().unwrap();
    let m: f64 = parts.next().unwrap().parse().unwrap();
    let s: f64 = parts.next().unwrap().parse().unwrap();
    h * 3600.0 + m * 60.0 + s
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
}

fn env_num(name: &str, default: u64) -> u64 {
    env_or(name, &default.to_string())
        .parse()
        .unwrap_or(default)
}

/// A small xorshift generator: the harness needs reproducible randomness, not quality.
struct Rng(u64);

impl Rng {
    fn from_env() -> Rng {
        let seed = env_num(
            "ROTASIM_HARNESS_SEED",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64,
        );
        eprintln!("harness seed {seed} (ROTASIM_HARNESS_SEED replays it)");
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `lo..hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

/// The longest anything may take.
const PATIENCE: Duration = Duration::from_secs(180);

/// A job of about three seconds on one engine thread.
fn long_job() -> Value {
    json!({"rotationId": "fire_mage", "duration": 900, "iterations": 30000, "fightType": "patchwerk"})
}

/// Nearest-rank percentile of sorted values.
fn pct(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// How a subscriber's stream ended.
#[derive(Debug, Clone, PartialEq)]
enum End {
    /// One terminal event (its name), with the result id of a `complete`.
    Terminal(String, Option<String>),
    /// A `retry:` hint: the subscriber reconnects.
    Retry,
    /// The connection ended with neither (a lost subscriber).
    Silence,
}

/// Reads a stream to its end.
async fn read_to_end(mut s: SseStream) -> (End, usize) {
    let mut terminals = 0;
    let mut end = End::Silence;
    while let Some(f) = s.next_frame(PATIENCE).await {
        if matches!(f.event.as_str(), "complete" | "error" | "cancelled") {
            terminals += 1;
            end = End::Terminal(
                f.event.clone(),
                f.data["resultId"].as_str().map(str::to_string),
            );
        } else if f.retry.is_some() && terminals == 0 {
            end = End::Retry;
        }
    }
    (end, terminals)
}

/// A subscriber as a browser's EventSource behaves: reads to the end and reconnects after a
/// `retry:` hint (or a refused connection) until it has the terminal event. The terminal
/// events seen in all, and the first one.
async fn subscriber(b: Client, id: String) -> (usize, End, Instant) {
    let t0 = Instant::now();
    let mut total = 0;
    loop {
        let s = b.stream(&id, None).await;
        if s.status != 200 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        let (end, n) = read_to_end(s).await;
        total += n;
        match end {
            End::Terminal(..) => return (total, end, Instant::now()),
            End::Retry | End::Silence => {
                assert!(
                    t0.elapsed() < PATIENCE,
                    "subscriber of {id} never got an end"
                );
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

/// Polls a job through 503s until it has ended.
async fn ended(b: &Client, id: &str) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (status, job) = b.get(id).await;
        if status == 200
            && ["completed", "failed", "cancelled"].contains(&job["status"].as_str().unwrap_or(""))
        {
            return job;
        }
        assert!(status == 200 || status == 503, "{status} {job}");
        assert!(Instant::now() < deadline, "job {id} never ended: {job}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the job's progress reaches `pct` % (read from its stream).
async fn at_progress(b: &Client, id: &str, pct: u64) {
    let mut s = b.stream(id, None).await;
    while let Some(f) = s.next_event(PATIENCE).await {
        if f.event == "progress" && f.data["percentage"].as_u64().unwrap_or(0) >= pct {
            return;
        }
        if matches!(f.event.as_str(), "complete" | "error" | "cancelled") {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_rounds() {
    let Some((proxy, server, t)) = portal_behind_proxy(common::one_worker()).await else {
        return;
    };
    let rounds = env_num("ROTASIM_HARNESS_OUTAGE_ROUNDS", 3);
    let lengths: Vec<u64> = env_or("ROTASIM_HARNESS_OUTAGE_SECS", "2")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let mut rng = Rng::from_env();
    let b = server.browser();
    let (mut lost, mut stuck, mut bad_streams) = (0, 0, 0);
    let (mut catch_up, mut first_row) = (Vec::new(), Vec::new());
    let mut result_during_outage = 0;
    for round in 0..rounds {
        let phase = ["queued", "mid-run", "completion write"][(round % 3) as usize];
        // Every length meets every phase: lengths advance every three rounds.
        let secs = lengths[(round as usize / 3 + round as usize) % lengths.len()];
        let a = b.submit_ok(&long_job()).await;
        let q = b.submit_ok(&long_job()).await;
        let subs = [a.clone(), q.clone()].map(|id| tokio::spawn(subscriber(b.clone(), id)));
        match phase {
            "queued" => {}
            "mid-run" => at_progress(&b, &a, rng.range(10, 60)).await,
            _ => at_progress(&b, &a, 90).await,
        }
        proxy.cut();
        let cut_at = Instant::now();
        tokio::time::sleep(Duration::from_secs(secs)).await;
        proxy.restore();
        let restored = Instant::now();
        let mut round_ids = Vec::new();
        for (i, id) in [&a, &q].into_iter().enumerate() {
            let job = ended(&b, id).await;
            if i == 0 {
                first_row.push(restored.elapsed().as_secs_f64());
            }
            if job["status"] != "completed" {
                lost += 1;
                eprintln!("round {round}: job {id} ended {}: {job}", job["status"]);
            }
            round_ids.push(job["resultId"].clone());
        }
        catch_up.push(restored.elapsed().as_secs_f64());
        for (i, h) in subs.into_iter().enumerate() {
            let (terminals, end, done_at) = h.await.unwrap();
            let End::Terminal(name, rid) = &end else {
                unreachable!()
            };
            if terminals != 1 || name != "complete" || rid.as_deref() != round_ids[i].as_str() {
                bad_streams += 1;
                eprintln!("round {round}: subscriber {i}: {terminals} terminal(s), {end:?}");
            }
            if i == 0 && done_at > cut_at && done_at < restored {
                result_during_outage += 1;
            }
        }
        stuck += b
            .history()
            .await
            .iter()
            .filter(|j| j["status"] == "running" || j["status"] == "queued")
            .count();
        eprintln!(
            "round {round:2}: PostgreSQL away {secs:2} s at the {phase:16} → both jobs completed; the first job's row {:.1} s and the queued one's {:.1} s after its return",
            first_row.last().unwrap(),
            catch_up.last().unwrap()
        );
    }
    let jobs = b.history().await.len() as i64;
    let results = common::count_rows(&t.url, "rotation_sim_results").await;
    catch_up.sort_by(f64::total_cmp);
    first_row.sort_by(f64::total_cmp);
    eprintln!(
        "OUTAGE SUMMARY rounds={rounds} lengths={lengths:?} jobs={jobs} results={results} lost={lost} stuck={stuck} subscribers_without_one_terminal={bad_streams} results_announced_during_outage={result_during_outage} first_row_p50={:.2}s first_row_max={:.2}s both_done_p50={:.2}s both_done_max={:.2}s",
        pct(&first_row, 0.5),
        pct(&first_row, 1.0),
        pct(&catch_up, 0.5),
        pct(&catch_up, 1.0)
    );
    assert_eq!((lost, stuck, bad_streams), (0, 0, 0));
    assert_eq!(results, jobs, "one result row per job, no duplicates");
    server.kill();
}

both_databases!(kill_rounds, kill_round_body);

/// One user's steady submissions: the accepted job ids.
async fn submitter(
    b: Client,
    stop: Arc<Mutex<bool>>,
    accepted: Arc<Mutex<Vec<(Client, String)>>>,
    refused: Arc<Mutex<usize>>,
) {
    let body = json!({"rotationId": "fury_warrior", "duration": 120, "iterations": 1500, "fightType": "patchwerk"});
    while !*stop.lock().unwrap() {
        match b
            .http
            .post(b.url("/api/simulations"))
            .json(&body)
            .send()
            .await
        {
            Ok(res) if res.status() == 202 => {
                let v: Value = res.json().await.unwrap();
                accepted
                    .lock()
                    .unwrap()
                    .push((b.clone(), v["jobId"].as_str().unwrap().to_string()));
            }
            Ok(res) => {
                assert!(
                    [429, 503].contains(&res.status().as_u16()),
                    "a clean refusal: {}",
                    res.status()
                );
                *refused.lock().unwrap() += 1;
            }
            Err(_) => {} // the server is down between a kill and its restart
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn kill_round_body(t: TestDb) {
    t.db.close().await;
    let rounds = env_num("ROTASIM_HARNESS_KILL_ROUNDS", 2);
    let watchers = env_num("ROTASIM_HARNESS_WATCHERS", 20) as usize;
    let mut rng = Rng::from_env();
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("ROTASIM_MAX_QUEUED_PER_USER", "50"),
        ("ROTASIM_RATE_LIMIT", "0"),
        ("ROTASIM_MAX_STREAMS_PER_CLIENT", "1000"),
    ];
    let users: Vec<Client> = (0..5).map(|_| Client::new("http://127.0.0.1:1")).collect();
    let mut accepted_all: Vec<(Client, String)> = Vec::new();
    let mut refused_all = 0;
    let mut p = Process::start(dir.path(), &t.url, &env).await;
    for round in 0..rounds {
        let stop = Arc::new(Mutex::new(false));
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(Mutex::new(0));
        let tasks: Vec<_> = users
            .iter()
            .map(|u| {
                tokio::spawn(submitter(
                    u.at(&p.url),
                    stop.clone(),
                    accepted.clone(),
                    refused.clone(),
                ))
            })
            .collect();
        // Watchers on the jobs as they are accepted.
        let mut watching = Vec::new();
        let kill_after = Duration::from_millis(rng.range(800, 4000));
        let t0 = Instant::now();
        while t0.elapsed() < kill_after {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let ids: Vec<(Client, String)> = accepted.lock().unwrap().clone();
            for (c, id) in ids.iter().skip(watching.len()) {
                if watching.len() < watchers {
                    let s = c.at(&p.url).stream(id, None).await;
                    watching.push(tokio::spawn(async move { read_to_end(s).await }));
                }
            }
        }
        p.kill9();
        *stop.lock().unwrap() = true;
        for task in tasks {
            task.await.unwrap();
        }
        for w in watching {
            let _ = w.await; // cut by the kill: no end is owed to a dead process's streams
        }
        p = Process::start(dir.path(), &t.url, &env).await;
        let accepted = accepted.lock().unwrap().clone();
        refused_all += *refused.lock().unwrap();
        eprintln!(
            "round {round:2}: killed after {:.1} s with {} accepted this round",
            kill_after.as_secs_f64(),
            accepted.len()
        );
        accepted_all.extend(accepted);
    }
    // Every accepted job ends exactly once; watchers reconnecting get their one end.
    let mut by_status: HashMap<String, usize> = HashMap::new();
    let mut results = std::collections::HashSet::new();
    let mut reconnects = Vec::new();
    for (c, id) in accepted_all.iter().take(watchers) {
        reconnects.push(tokio::spawn(subscriber(c.at(&p.url), id.clone())));
    }
    for (c, id) in &accepted_all {
        let job = ended(&c.at(&p.url), id).await;
        let status = job["status"].as_str().unwrap().to_string();
        if status == "completed" {
            assert!(
                results.insert(job["resultId"].to_string()),
                "result ids are distinct"
            );
        } else {
            assert!(
                job["error"].is_string() || status == "cancelled",
                "a visible failure: {job}"
            );
        }
        *by_status.entry(status).or_default() += 1;
    }
    let mut single_end = 0;
    for r in reconnects {
        let (terminals, _, _) = r.await.unwrap();
        single_end += usize::from(terminals == 1);
    }
    // Counted once every job the database holds has ended: a submission stored without its 202
    // (see below) completing between two counts would make them disagree.
    let settle = Instant::now() + common::WAIT;
    while common::count_rows(
        &t.url,
        "simulation_jobs WHERE status IN ('queued', 'running')",
    )
    .await
        > 0
    {
        assert!(
            Instant::now() < settle,
            "jobs left unfinished after the last restart"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let rows = common::count_rows(&t.url, "rotation_sim_results").await;
    eprintln!(
        "KILL SUMMARY backend={} rounds={rounds} accepted={} refused={refused_all} by_status={by_status:?} result_rows={rows} watchers_with_one_end={single_end}/{}",
        t.backend.name(),
        accepted_all.len(),
        accepted_all.len().min(watchers)
    );
    // A submission in flight at the kill may have been stored without its 202 reaching the
    // client: such a job still runs (once) after the restart, so the database, not the client's
    // list, is the reference for rows.
    let completed = common::count_rows(&t.url, "simulation_jobs WHERE status = 'completed'").await;
    let referenced = common::count_rows(
        &t.url,
        "(SELECT DISTINCT result_id FROM simulation_jobs WHERE status = 'completed') AS r",
    )
    .await;
    assert_eq!(rows, completed, "one result row per completed job");
    assert_eq!(
        referenced, rows,
        "no result row without its job, none shared"
    );
    assert!(
        results.len() as i64 <= rows,
        "every accepted job's result is stored"
    );
    assert_eq!(single_end, accepted_all.len().min(watchers));
    drop(p);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_submissions_is_accepted_or_cleanly_refused_and_drains() {
    let t = TestDb::sqlite().await;
    // Default limits; each user behind its own address (one trusted proxy says which).
    let server = Server::builder(t.db.clone())
        .settings(|p| p.trust_proxy = 1)
        .start()
        .await;
    let users: Vec<(usize, Client)> = (0..50).map(|i| (i, server.browser())).collect();
    let body = json!({"rotationId": "fury_warrior", "duration": 60, "iterations": 200, "fightType": "patchwerk"});
    let t0 = Instant::now();
    let mut accepted = Vec::new();
    let mut refused: HashMap<(u16, String), usize> = HashMap::new();
    // Each user's first submission gives it its profile (a browser's cookie), then the rest
    // arrive at once: 50 + 150 concurrent submissions.
    for per_user in [1, 3] {
        let requests = users
            .iter()
            .flat_map(|(i, u)| (0..per_user).map(move |_| (*i, u.clone())))
            .map(|(i, u)| {
                let body = body.clone();
                tokio::spawn(async move {
                    let res = u
                        .http
                        .post(u.url("/api/simulations"))
                        .header("x-forwarded-for", format!("10.0.0.{i}"))
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    let status = res.status().as_u16();
                    let retry = res.headers().contains_key("retry-after");
                    let v: Value = res.json().await.unwrap();
                    (u, status, retry, v)
                })
            });
        for r in futures::future::join_all(requests).await {
            let (u, status, retry, v) = r.unwrap();
            if status == 202 {
                accepted.push((u, v["jobId"].as_str().unwrap().to_string()));
            } else {
                assert!(
                    [429, 503].contains(&status) && retry,
                    "{status} {v} (Retry-After: {retry})"
                );
                *refused
                    .entry((status, v["code"].as_str().unwrap().to_string()))
                    .or_default() += 1;
            }
        }
    }
    let answered = t0.elapsed();
    for (u, id) in &accepted {
        assert_eq!(ended(u, id).await["status"], "completed");
    }
    eprintln!(
        "BURST SUMMARY 200 submissions from 50 users answered in {:.2} s: accepted={} refused={refused:?}; all accepted completed after {:.1} s",
        answered.as_secs_f64(),
        accepted.len(),
        t0.elapsed().as_secs_f64()
    );
    assert_eq!(accepted.len() + refused.values().sum::<usize>(), 200);
    assert_eq!(
        common::count_rows(&t.url, "simulation_jobs").await as usize,
        accepted.len()
    );
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_users_first_job_waits_at_most_one_job() {
    let t = TestDb::sqlite().await;
    let server = Server::builder(t.db.clone())
        .jobs(rotasim::jobs::JobsConfig {
            max_queued_per_owner: 100,
            max_queued_total: 200,
            ..common::one_worker()
        })
        .settings(|p| p.rate_limit = 0)
        .start()
        .await;
    let (heavy, light) = (server.browser(), server.browser());
    let body = json!({"rotationId": "fury_warrior", "duration": 120, "iterations": 1000, "fightType": "patchwerk"});
    let mut ids = Vec::new();
    for _ in 0..100 {
        ids.push(heavy.submit_ok(&body).await);
    }
    let t0 = Instant::now();
    let mine = light.submit_ok(&body).await;
    let light_job = ended(&light, &mine).await;
    let wait = secs(&light_job["startedAt"]) - secs(&light_job["createdAt"]);
    // One job's length: the heavy user's jobs that ran meanwhile.
    let mut lengths = Vec::new();
    for id in &ids[..3] {
        let j = ended(&heavy, id).await;
        lengths.push(secs(&j["completedAt"]) - secs(&j["startedAt"]));
    }
    lengths.sort_by(f64::total_cmp);
    let length = lengths[lengths.len() - 1];
    eprintln!(
        "FAIRNESS SUMMARY one job ≈ {:.0} ms; another user's first job, submitted behind 100 queued, waited {:.0} ms in the queue (done {:.0} ms after submission)",
        length * 1000.0,
        wait * 1000.0,
        t0.elapsed().as_secs_f64() * 1000.0
    );
    assert!(
        wait <= length + 0.25,
        "waited {wait:.3} s for one job of {length:.3} s"
    );
    for id in &ids {
        let _ = heavy.cancel(id).await;
    }
    server.kill();
}
