//! Rate-limit check cost (a bench binary that prints figures; see BENCHMARKS.md).
//!
//! `cargo bench -p rotasim --features ssr --bench rate_limit` (set `ROTASIM_BENCH_REDIS_URL`,
//! e.g. `redis://127.0.0.1:6379/`, to measure the Redis store too).
//!
//! In-process: checks per second from one task over 10 000 keys, and the memory the store keeps
//! for 100 000 active clients. Redis: the latency of one check (one EVALSHA round trip on
//! loopback) from one task, and checks per second from 32 concurrent tasks.

use rotasim::{
    ratelimit::{memory::MemoryStore, redis::RedisStore, Policy},
    settings::PortalSettings,
};
use std::time::Instant;

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn pct(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

#[tokio::main]
async fn main() {
    // The default submission limit (10 per minute).
    let policy = Policy::from_settings(&PortalSettings::default()).expect("a limit by default");
    let store = MemoryStore::default();
    let n = 2_000_000u64;
    let t = Instant::now();
    for i in 0..n {
        std::hint::black_box(store.check(&format!("user:{}", i % 10_000), policy, 1_000 + i / 100));
    }
    let per_sec = n as f64 / t.elapsed().as_secs_f64();
    println!(
        "in-process: {per_sec:.0} checks/s from one task (10 000 keys, key formatting included)"
    );

    let before = rss_mb();
    let big = MemoryStore::default();
    for i in 0..100_000u64 {
        for j in 0..10 {
            big.check(&format!("user:{i:032}"), policy, 1_000 + j);
        }
    }
    println!(
        "in-process: {:.1} MiB RSS for 100 000 clients at their limit of 10 ({} keys)",
        rss_mb() - before,
        big.key_count()
    );

    let Ok(url) = std::env::var("ROTASIM_BENCH_REDIS_URL") else {
        println!("redis: skipped (set ROTASIM_BENCH_REDIS_URL)");
        return;
    };
    let redis = RedisStore::connect(&url, "rotasim-bench:")
        .await
        .expect("redis");
    let mut lat = Vec::new();
    for i in 0..5_000u32 {
        let t = Instant::now();
        redis
            .check(&format!("user:{}", i % 500), policy, None)
            .await
            .unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1e6);
    }
    lat.sort_by(f64::total_cmp);
    println!(
        "redis: one check p50 {:.0} µs, p99 {:.0} µs (one task, loopback)",
        pct(&lat, 0.5),
        pct(&lat, 0.99)
    );
    let t = Instant::now();
    let tasks: Vec<_> = (0..32)
        .map(|k| {
            let redis = redis.clone();
            tokio::spawn(async move {
                for i in 0..1_000u32 {
                    redis
                        .check(&format!("user:{k}:{}", i % 50), policy, None)
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let per_sec = 32_000.0 / t.elapsed().as_secs_f64();
    println!(
        "redis: {per_sec:.0} checks/s from 32 concurrent tasks over one multiplexed connection"
    );
}
