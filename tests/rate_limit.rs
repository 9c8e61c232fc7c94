//! The submission rate limit over HTTP: exact admission under concurrency, a sliding window
//! (driven by a hand-moved clock), headers on 202 and 429, and one limit shared by two server
//! processes through Redis. In-process and Redis stores alike.

mod common;

use common::{process::Process, Server, TestDb};
use rotasim::{
    jobs::JobsConfig,
    ratelimit::{redis::RedisStore, Clock, ManualClock, Policy, RateLimiter},
};
use serde_json::{json, Value};
use std::{sync::Arc, time::Duration};

/// A cheap, valid submission.
fn job() -> Value {
    json!({ "rotationId": "fury_warrior", "duration": 30, "iterations": 1, "fightType": "patchwerk" })
}

#[derive(Clone, Copy, Debug)]
enum Store {
    Memory,
    Redis,
}

async fn limiter(store: Store, policy: Policy) -> Option<RateLimiter> {
    Some(match store {
        Store::Memory => RateLimiter::in_process(Some(policy)),
        Store::Redis => {
            let url = common::redis_url()?;
            let prefix = common::unique("rotasim-test:");
            RateLimiter::redis(
                Some(policy),
                RedisStore::connect(&url, &prefix).await.expect("redis"),
            )
        }
    })
}

/// A server over a fresh SQLite database with `limiter` and queue caps high enough that only
/// the rate limit refuses.
async fn server(limiter: RateLimiter) -> (Server, TestDb) {
    let t = TestDb::sqlite().await;
    let jobs = JobsConfig {
        max_queued_per_owner: 1000,
        max_queued_total: 1000,
        ..Default::default()
    };
    let server = Server::builder(t.db.clone())
        .jobs(jobs)
        .limiter(limiter)
        .start()
        .await;
    (server, t)
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_string()
}

async fn exactly_n_of_50(store: Store) {
    let n = 7;
    let policy = Policy {
        limit: n,
        window: Duration::from_secs(60),
    };
    let Some(limiter) = limiter(store, policy).await else {
        return;
    };
    let (server, t) = server(limiter).await;
    // Fifty clients without cookies at once: one client address, so one window.
    let client = reqwest::Client::new();
    let posts = (0..50).map(|_| {
        let client = client.clone();
        let url = format!("{}/api/simulations", server.url);
        async move { client.post(url).json(&job()).send().await.unwrap() }
    });
    let responses = futures::future::join_all(posts).await;
    let mut remaining = Vec::new();
    let mut refused = 0;
    for res in responses {
        match res.status().as_u16() {
            202 => remaining.push(
                header(&res, "x-ratelimit-remaining")
                    .parse::<u32>()
                    .unwrap(),
            ),
            429 => {
                refused += 1;
                assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["code"], "RATE_LIMITED");
                assert!(body["retryAfter"].as_u64().unwrap() >= 1);
            }
            other => panic!(
                "{store:?}: unexpected status {other}: {}",
                res.text().await.unwrap()
            ),
        }
    }
    remaining.sort_unstable();
    assert_eq!(
        remaining,
        (0..n).collect::<Vec<_>>(),
        "{store:?}: exactly {n} admitted, each told a different remaining count"
    );
    assert_eq!(refused, 50 - n as usize, "{store:?}");
    // Refused submissions left nothing behind: no job, no user profile.
    assert_eq!(
        common::count_rows(&t.url, "simulation_jobs").await,
        n as i64
    );
    assert_eq!(common::count_rows(&t.url, "user_profiles").await, n as i64);
}

#[tokio::test]
async fn exactly_the_limit_of_50_concurrent_submissions_is_admitted_in_process() {
    exactly_n_of_50(Store::Memory).await;
}

#[tokio::test]
async fn exactly_the_limit_of_50_concurrent_submissions_is_admitted_through_redis() {
    exactly_n_of_50(Store::Redis).await;
}

async fn window_slides(store: Store) {
    let policy = Policy {
        limit: 3,
        window: Duration::from_secs(60),
    };
    let Some(limiter) = limiter(store, policy).await else {
        return;
    };
    let clock = ManualClock::new(1_800_000_000_000);
    let (server, _db) = server(limiter.with_clock(clock.clone())).await;
    let browser = server.browser();
    let post = || {
        browser
            .http
            .post(browser.url("/api/simulations"))
            .json(&job())
            .send()
    };
    let t0 = clock.now_ms();
    // t = 0, 10, 20 s: admitted, with the headers of a sliding window.
    for (i, at) in [0u64, 10, 20].into_iter().enumerate() {
        let res = post().await.unwrap();
        assert_eq!(res.status(), 202, "{store:?} submission {i}");
        let remaining = 2 - i as u32;
        assert_eq!(header(&res, "x-ratelimit-limit"), "3");
        assert_eq!(header(&res, "x-ratelimit-remaining"), remaining.to_string());
        // A slot frees when the first submission (t = 0) leaves the window.
        assert_eq!(
            header(&res, "x-ratelimit-reset"),
            ((t0 + 60_000) / 1000).to_string()
        );
        assert_eq!(header(&res, "ratelimit-policy"), "\"submissions\";q=3;w=60");
        assert_eq!(
            header(&res, "ratelimit"),
            format!("\"submissions\";r={remaining};t={}", 60 - at)
        );
        assert!(res.headers().get("retry-after").is_none());
        clock.advance(Duration::from_secs(10));
    }
    // t = 30 s: refused until t = 60 s.
    let res = post().await.unwrap();
    assert_eq!(res.status(), 429, "{store:?}");
    assert_eq!(header(&res, "retry-after"), "30");
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    assert_eq!(header(&res, "ratelimit"), "\"submissions\";r=0;t=30");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["retryAfter"], 30);
    assert_eq!(body["code"], "RATE_LIMITED");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("try again in 30 s"),
        "{body}"
    );
    // t = 59.999 s: still full; refusals did not move the window.
    clock.advance(Duration::from_millis(29_999));
    let res = post().await.unwrap();
    assert_eq!(res.status(), 429, "{store:?}");
    assert_eq!(header(&res, "retry-after"), "1");
    // t = 60 s: exactly one slot is back (the t = 0 submission left), not all three.
    clock.advance(Duration::from_millis(1));
    let res = post().await.unwrap();
    assert_eq!(res.status(), 202, "{store:?}");
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    assert_eq!(post().await.unwrap().status(), 429, "{store:?}");
    // t = 80 s: the t = 10 and t = 20 submissions have left.
    clock.advance(Duration::from_secs(20));
    assert_eq!(post().await.unwrap().status(), 202, "{store:?}");
    let res = post().await.unwrap();
    assert_eq!(res.status(), 202, "{store:?}");
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    // Another browser is not affected: its first submission counts against the client
    // address (whose one entry, the first browser's first submission, has left) and its own
    // new window.
    let other = server.browser();
    let res = other
        .http
        .post(other.url("/api/simulations"))
        .json(&job())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202, "{store:?}");
    assert_eq!(header(&res, "x-ratelimit-remaining"), "2", "{store:?}");
}

#[tokio::test]
async fn the_window_slides_in_process() {
    window_slides(Store::Memory).await;
}

#[tokio::test]
async fn the_window_slides_through_redis() {
    window_slides(Store::Redis).await;
}

/// A profile has its own window; the server function and REST share it; retry counts too.
#[tokio::test]
async fn users_have_their_own_window_shared_by_rest_server_functions_and_retry() {
    let policy = Policy {
        limit: 2,
        window: Duration::from_secs(60),
    };
    let clock = ManualClock::new(1_800_000_000_000);
    let limiter = RateLimiter::in_process(Some(policy)).with_clock(clock.clone() as Arc<dyn Clock>);
    let (server, _db) = server(limiter).await;
    let a = server.browser().http;
    // A's first submission counts against the address (it creates A's profile)…
    let res = a
        .post(format!("{}/api/simulations", server.url))
        .json(&job())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let remaining = header(&res, "x-ratelimit-remaining");
    assert_eq!(remaining, "1");
    // …and in A's own window, which the server function shares.
    let submit_fn = format!("{}/api/simulations/submit", server.url);
    let res = a
        .post(&submit_fn)
        .json(&json!({ "request": job() }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    // The third is refused on either path, with the same body and headers.
    let res = a
        .post(&submit_fn)
        .json(&json!({ "request": job() }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(header(&res, "retry-after"), "60");
    assert!(res.text().await.unwrap().contains("RATE_LIMITED"));
    let res = a
        .post(format!("{}/api/simulations", server.url))
        .json(&job())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    // The address itself still has one slot (A's first submission used the other).
    let res = reqwest::Client::new()
        .post(format!("{}/api/simulations", server.url))
        .json(&job())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    // A minute later A's window is empty again. Retrying a job is a submission too.
    clock.advance(Duration::from_secs(60));
    let long = json!({ "rotationId": "fury_warrior", "duration": 900, "iterations": 50000, "fightType": "patchwerk" });
    let res = a
        .post(format!("{}/api/simulations", server.url))
        .json(&long)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let id = res.json::<Value>().await.unwrap()["jobId"]
        .as_str()
        .unwrap()
        .to_string();
    let res = a
        .delete(format!("{}/api/simulations/{id}", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "cancelled");
    let retry = format!("{}/api/simulations/{id}/retry", server.url);
    let res = a.post(&retry).send().await.unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    let res = a.post(&retry).send().await.unwrap();
    assert_eq!(res.status(), 429, "the second retry is over the limit");
}

/// Two real server processes with one Redis share one limit: 20 submissions spread over both
/// (at once) admit exactly the limit. The client address comes from `X-Forwarded-For`
/// (`ROTASIM_TRUST_PROXY=1`), a fresh one per run, so runs never share a window.
#[tokio::test]
async fn two_processes_sharing_redis_share_one_limit() {
    let Some(redis) = common::redis_url() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("REDIS_URL", redis.as_str()),
        ("ROTASIM_RATE_LIMIT", "6"),
        ("ROTASIM_TRUST_PROXY", "1"),
        ("ROTASIM_MAX_QUEUED_PER_USER", "100"),
    ];
    let d1 = dir.path().join("one");
    let d2 = dir.path().join("two");
    std::fs::create_dir_all(&d1).unwrap();
    std::fs::create_dir_all(&d2).unwrap();
    let p1 = Process::start(
        &d1,
        &format!("sqlite://{}/a.db?mode=rwc", d1.display()),
        &env,
    )
    .await;
    let p2 = Process::start(
        &d2,
        &format!("sqlite://{}/b.db?mode=rwc", d2.display()),
        &env,
    )
    .await;
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let ip = format!("10.{}.{}.{}", (n >> 16) % 256, (n >> 8) % 256, n % 256);
    let client = reqwest::Client::new();
    let posts = (0..20).map(|i| {
        let url = if i % 2 == 0 { &p1.url } else { &p2.url };
        client
            .post(format!("{url}/api/simulations"))
            .header("x-forwarded-for", format!("203.0.113.9, {ip}"))
            .json(&job())
            .send()
    });
    let statuses: Vec<u16> = futures::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    let admitted = statuses.iter().filter(|s| **s == 202).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        (admitted, refused),
        (6, 14),
        "{statuses:?}\n{}\n{}",
        p1.log(),
        p2.log()
    );
    // Each process admitted some: the limit really was shared, not per process.
    let by_process: Vec<usize> = [0, 1]
        .iter()
        .map(|p| {
            statuses
                .iter()
                .skip(*p)
                .step_by(2)
                .filter(|s| **s == 202)
                .count()
        })
        .collect();
    assert_eq!(by_process.iter().sum::<usize>(), 6, "{by_process:?}");
    // Another client address behind the same proxy has its own window, on either process.
    let res = client
        .post(format!("{}/api/simulations", p2.url))
        .header("x-forwarded-for", "198.51.100.77")
        .json(&job())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
}

/// When Redis goes away the limit still holds, from this instance's own window: no 5xx, no
/// unlimited submissions. (A Redis server of the test's own, so it can be killed.)
#[tokio::test]
async fn a_lost_redis_falls_back_to_the_local_window() {
    if common::redis_url().is_none() {
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut redis = std::process::Command::new("redis-server")
        .args([
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("redis-server");
    let url = format!("redis://127.0.0.1:{port}/");
    let mut store = None;
    for _ in 0..100 {
        if let Ok(s) = RedisStore::connect(&url, "fallback:").await {
            store = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let policy = Policy {
        limit: 2,
        window: Duration::from_secs(60),
    };
    let limiter = RateLimiter::redis(Some(policy), store.expect("redis started"));
    assert!(limiter.check("k").await.unwrap().allowed);
    assert!(limiter.check("k").await.unwrap().allowed);
    assert!(!limiter.check("k").await.unwrap().allowed);
    redis.kill().unwrap();
    redis.wait().unwrap();
    // The local window has not seen "k" yet: two more, then refused again.
    let d = limiter.check("k").await.unwrap();
    assert!(d.allowed);
    assert_eq!(d.remaining, 1);
    assert!(limiter.check("k").await.unwrap().allowed);
    assert!(!limiter.check("k").await.unwrap().allowed);
}
