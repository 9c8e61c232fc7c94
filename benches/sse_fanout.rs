//! SSE fan-out benchmark (a bench binary that prints figures; see BENCHMARKS.md).
//!
//! `cargo bench -p rotasim --features ssr --bench sse_fanout`
//!
//! The server runs in this process on loopback with a SQLite file. 1 000 HTTP clients subscribe
//! to one running job; an in-process subscriber stamps each event when it is published, and each
//! client stamps it when its frame arrives: the difference is the publish → receipt delay.
//! RSS is this whole process (server and the 1 000 clients), so the growth is an upper bound for
//! the server's. Then 30 small jobs measure submit → first `progress` event.

use futures::StreamExt;
use rotasim::{
    api::stream_limits::StreamConfig,
    jobs::JobsConfig,
    ratelimit::RateLimiter,
    settings::Settings,
    startup::{Application, Overrides},
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

const SUBSCRIBERS: usize = 1000;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn pct(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Reads a stream, recording (event id → arrival) until the terminal event.
async fn subscriber(
    jar: Arc<reqwest::cookie::Jar>,
    url: String,
    arrivals: Arc<Mutex<Vec<(u64, Instant)>>>,
    ready: Arc<tokio::sync::Barrier>,
) {
    let res = reqwest::Client::builder()
        .cookie_provider(jar)
        .build()
        .expect("client")
        .get(&url)
        .send()
        .await
        .expect("stream");
    ready.wait().await;
    let mut body = res.bytes_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut scanned: usize = 0;
    let mut local = Vec::new();
    while let Some(Ok(chunk)) = body.next().await {
        let now = Instant::now();
        buf.extend_from_slice(&chunk);
        // Frames end with a blank line; only the new bytes are scanned.
        while let Some(end) = buf[scanned.saturating_sub(1)..]
            .windows(2)
            .position(|w| w == b"\n\n")
            .map(|p| p + scanned.saturating_sub(1))
        {
            let frame = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 2);
            scanned = 0;
            let head = frame.lines().take(3).collect::<Vec<_>>();
            let id = head
                .iter()
                .find_map(|l| l.strip_prefix("id: "))
                .and_then(|v| v.parse::<u64>().ok());
            let terminal = head
                .iter()
                .any(|l| *l == "event: complete" || *l == "event: cancelled");
            if let Some(id) = id {
                local.push((id, now));
            }
            if terminal {
                arrivals.lock().unwrap().extend(local);
                return;
            }
        }
        scanned = buf.len();
    }
    arrivals.lock().unwrap().extend(local);
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = rotasim::db::connect_and_migrate(&format!("sqlite://{}/bench.db", dir.path().display())).await.unwrap();
        let streams = StreamConfig { max_per_client: SUBSCRIBERS + 10, ..Default::default() };
        let jobs = JobsConfig { workers: 1, threads_per_job: 1, ..Default::default() };
        let mut settings = Settings::load_from(&dir.path().join("absent.toml"), |_| None).unwrap();
        settings.leptos.site_addr = "127.0.0.1:0".parse().unwrap();
        // No submission limit: the bench submits 32 jobs from one browser within a minute.
        let limiter = RateLimiter::in_process(None);
        let overrides = Overrides { db: Some(db), jobs: Some(jobs), streams: Some(streams), limiter: Some(limiter) };
        let app = Application::build_with(settings, overrides).await.unwrap();
        let addr = app.address();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        let base = format!("http://{addr}");
        // One browser (one session cookie) submits and watches; each subscriber has its own connection.
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder().cookie_provider(jar.clone()).build().unwrap();
        let rss_before = rss_mb();

        // A blocker occupies the worker so all 1 000 subscribers are connected before the
        // measured job starts; cancelling the blocker starts it.
        let blocker_body = serde_json::json!({"rotationId": "affliction_warlock", "duration": 900, "iterations": 50000, "fightType": "aoe", "statWeights": true});
        let blocker: serde_json::Value =
            client.post(format!("{base}/api/simulations")).json(&blocker_body).send().await.unwrap().json().await.unwrap();
        let body = serde_json::json!({"rotationId": "fire_mage", "duration": 900, "iterations": 50000, "fightType": "patchwerk"});
        let created: serde_json::Value =
            client.post(format!("{base}/api/simulations")).json(&body).send().await.unwrap().json().await.unwrap();
        let id = created["jobId"].as_str().unwrap().to_string();
        let url = format!("{base}/api/simulations/{id}/stream");
        // In-process stamp of each publish.
        let published: Arc<Mutex<HashMap<u64, Instant>>> = Arc::default();
        let (_, sub) = state.services.jobs.subscribe(&id).expect("live job");
        let stamps = published.clone();
        let stamper = tokio::spawn(async move {
            let mut sub = sub;
            while let Ok(e) = sub.rx.recv().await {
                stamps.lock().unwrap().insert(e.id, Instant::now());
                if e.event.is_terminal() {
                    break;
                }
            }
        });
        let arrivals: Arc<Mutex<Vec<(u64, Instant)>>> = Arc::default();
        let ready = Arc::new(tokio::sync::Barrier::new(SUBSCRIBERS + 1));
        let t_connect = Instant::now();
        let tasks: Vec<_> = (0..SUBSCRIBERS)
            .map(|_| tokio::spawn(subscriber(jar.clone(), url.clone(), arrivals.clone(), ready.clone())))
            .collect();
        ready.wait().await;
        let connect_ms = t_connect.elapsed().as_secs_f64() * 1e3;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        client.delete(format!("{base}/api/simulations/{}", blocker["jobId"].as_str().unwrap())).send().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let rss_during = rss_mb();
        let open = state.streams.open_streams();
        for t in tasks {
            t.await.unwrap();
        }
        stamper.await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let rss_after = rss_mb();
        let published = published.lock().unwrap().clone();
        let mut delays: Vec<f64> = arrivals
            .lock()
            .unwrap()
            .iter()
            .filter_map(|(id, at)| published.get(id).filter(|p| **p >= started).map(|p| at.saturating_duration_since(*p).as_secs_f64() * 1e3))
            .collect();
        delays.sort_by(f64::total_cmp);
        println!("SSE fan-out: {SUBSCRIBERS} subscribers on one running job (fire_mage, 900 s, 50 000 iterations)");
        println!("  subscribers connected in {connect_ms:.0} ms; open streams during the run: {open}");
        let live = published.values().filter(|p| **p >= started).count();
        println!("  events published while running: {live}; deliveries measured: {}", delays.len());
        println!("  publish → receipt delay: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms", pct(&delays, 0.5), pct(&delays, 0.99), delays.last().copied().unwrap_or(f64::NAN));
        println!("  process RSS: before {rss_before:.1} MB, during {rss_during:.1} MB (+{:.1}), after {rss_after:.1} MB", rss_during - rss_before);
        println!("  subscriptions left: {}, channels left: {}", state.services.jobs.subscriber_count(), state.services.jobs.channel_count());

        // Submit → first progress.
        let mut firsts = Vec::new();
        for _ in 0..30 {
            let body = serde_json::json!({"rotationId": "fury_warrior", "duration": 60, "iterations": 200, "fightType": "patchwerk"});
            let t0 = Instant::now();
            let created: serde_json::Value =
                client.post(format!("{base}/api/simulations")).json(&body).send().await.unwrap().json().await.unwrap();
            let res = client.get(format!("{base}{}", created["streamUrl"].as_str().unwrap())).send().await.unwrap();
            let mut body = res.bytes_stream();
            let mut buf = String::new();
            'outer: while let Some(Ok(chunk)) = body.next().await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                if buf.contains("event: progress") {
                    firsts.push(t0.elapsed().as_secs_f64() * 1e3);
                    break 'outer;
                }
            }
            // Let it finish so every job starts on an idle worker.
            while let Some(Ok(chunk)) = body.next().await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                if buf.contains("event: complete") {
                    break;
                }
            }
        }
        firsts.sort_by(f64::total_cmp);
        println!("Submit → first progress event (30 jobs, idle worker): p50 {:.2} ms, p99 {:.2} ms", pct(&firsts, 0.5), pct(&firsts, 0.99));
    });
}
