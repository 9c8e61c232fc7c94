//! Sliding-window rate limiting of job submissions.
//!
//! The algorithm is a sliding-window *log*: each admitted request is remembered with its time
//! (ms); a request is admitted when fewer than `limit` admitted requests lie in the last
//! `window`. Rejected requests are not remembered, so a client that keeps knocking gets in as
//! soon as its oldest admitted request leaves the window. The in-process store
//! ([`memory::MemoryStore`]) and the Redis store ([`redis::RedisStore`], one Lua script) implement
//! exactly the same rule, so a deployment behaves the same with one instance or many.
//!
//! Why our own: `governor` (the maintained Rust limiter) implements GCRA, which spaces requests
//! out (one every window/limit after the burst) rather than counting them in a sliding window,
//! and has no shared store; the small sliding-window crates on crates.io are in-process only and
//! cannot report when the next slot frees. The part written here is the rule above — a deque per
//! key and one Lua script; the Redis client is the maintained `redis` crate.

pub mod memory;
pub mod redis;

use std::{
    fmt,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

/// A limit: at most `limit` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Requests admitted per window (≥ 1).
    pub limit: u32,
    /// The window's length.
    pub window: Duration,
}

impl Policy {
    /// The submission policy the settings ask for, `None` when disabled (`rate-limit = 0`).
    pub fn from_settings(portal: &crate::settings::PortalSettings) -> Option<Policy> {
        (portal.rate_limit > 0).then(|| Policy {
            limit: portal.rate_limit.min(u32::MAX as u64) as u32,
            window: Duration::from_secs(portal.rate_limit_window_secs.max(1)),
        })
    }

    /// The window in milliseconds (at least 1).
    pub fn window_ms(&self) -> u64 {
        (self.window.as_millis() as u64).max(1)
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Whether the request is admitted.
    pub allowed: bool,
    /// The policy's limit.
    pub limit: u32,
    /// The policy's window.
    pub window: Duration,
    /// Requests still admitted in the current window after this one.
    pub remaining: u32,
    /// Milliseconds until the oldest admitted request leaves the window (a slot frees).
    pub reset_after_ms: u64,
    /// The time of the check, Unix milliseconds.
    pub now_ms: u64,
}

impl Decision {
    /// Whole seconds until a slot frees, rounded up (≥ 1 when rejected): the `Retry-After`.
    pub fn reset_after_secs(&self) -> u64 {
        let s = self.reset_after_ms.div_ceil(1000);
        if self.allowed {
            s
        } else {
            s.max(1)
        }
    }

    /// When a slot frees, as Unix seconds (rounded up).
    pub fn reset_at_secs(&self) -> u64 {
        (self.now_ms + self.reset_after_ms).div_ceil(1000)
    }

    /// The response headers describing this decision (lower-case names), which REST and server
    /// functions both send:
    /// - `X-RateLimit-Limit` (per window), `X-RateLimit-Remaining`, `X-RateLimit-Reset` (Unix
    ///   seconds when the oldest counted submission leaves the window, freeing a slot);
    /// - `RateLimit-Policy: "submissions";q=LIMIT;w=WINDOW` and
    ///   `RateLimit: "submissions";r=REMAINING;t=SECONDS_UNTIL_A_SLOT_FREES` (IETF draft);
    /// - `Retry-After` (seconds) when the request was refused.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        const POLICY: &str = "submissions";
        let mut h = vec![
            ("x-ratelimit-limit", self.limit.to_string()),
            ("x-ratelimit-remaining", self.remaining.to_string()),
            ("x-ratelimit-reset", self.reset_at_secs().to_string()),
            (
                "ratelimit-policy",
                format!("\"{POLICY}\";q={};w={}", self.limit, self.window.as_secs()),
            ),
            (
                "ratelimit",
                format!(
                    "\"{POLICY}\";r={};t={}",
                    self.remaining,
                    self.reset_after_secs()
                ),
            ),
        ];
        if !self.allowed {
            h.push(("retry-after", self.reset_after_secs().to_string()));
        }
        h
    }
}

/// A source of the current time in Unix milliseconds: the system clock, or a hand-driven clock
/// in tests (the window slides without sleeping).
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now, in Unix milliseconds.
    fn now_ms(&self) -> u64;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock(AtomicU64);

impl ManualClock {
    /// A clock showing `start_ms`.
    pub fn new(start_ms: u64) -> Arc<ManualClock> {
        Arc::new(ManualClock(AtomicU64::new(start_ms)))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Where admitted requests are remembered.
#[derive(Debug, Clone)]
enum Store {
    Memory,
    Redis(redis::RedisStore),
}

/// The submission rate limiter; cheap to clone. `None` policy: unlimited.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    policy: Option<Policy>,
    store: Store,
    /// The in-process store; also the fallback while Redis is unreachable.
    memory: Arc<memory::MemoryStore>,
    clock: Arc<dyn Clock>,
    /// Whether the Redis script uses `clock` (tests) or the Redis server's clock (production:
    /// one clock for every instance).
    redis_uses_clock: bool,
}

impl RateLimiter {
    /// An in-process limiter with `policy` (`None`: unlimited).
    pub fn in_process(policy: Option<Policy>) -> RateLimiter {
        RateLimiter {
            policy,
            store: Store::Memory,
            memory: Arc::new(memory::MemoryStore::default()),
            clock: Arc::new(SystemClock),
            redis_uses_clock: false,
        }
    }

    /// The limiter the settings ask for: shared through Redis when `redis-url` is set (Redis
    /// must answer now), else in-process.
    pub async fn from_settings(
        portal: &crate::settings::PortalSettings,
    ) -> ::redis::RedisResult<RateLimiter> {
        let policy = Policy::from_settings(portal);
        Ok(match &portal.redis_url {
            Some(url) => RateLimiter::redis(
                policy,
                redis::RedisStore::connect(url, redis::DEFAULT_PREFIX).await?,
            ),
            None => RateLimiter::in_process(policy),
        })
    }

    /// A limiter sharing its counts through Redis (several portal instances, one limit).
    pub fn redis(policy: Option<Policy>, store: redis::RedisStore) -> RateLimiter {
        RateLimiter {
            store: Store::Redis(store),
            ..RateLimiter::in_process(policy)
        }
    }

    /// The same limiter reading time from `clock` (for tests; Redis scripts get it too).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> RateLimiter {
        self.clock = clock;
        self.redis_uses_clock = true;
        self
    }

    /// The policy, `None` when unlimited.
    pub fn policy(&self) -> Option<Policy> {
        self.policy
    }

    /// The store's name: `memory` or `redis`.
    pub fn store_name(&self) -> &'static str {
        match self.store {
            Store::Memory => "memory",
            Store::Redis(_) => "redis",
        }
    }

    /// Counts one request under `key` if the window has room. `None` when unlimited.
    /// A Redis failure falls back to this instance's own window (logged), never to an error.
    pub async fn check(&self, key: &str) -> Option<Decision> {
        let policy = self.policy?;
        let decision = match &self.store {
            Store::Memory => self.memory.check(key, policy, self.clock.now_ms()),
            Store::Redis(redis) => {
                let now = self.redis_uses_clock.then(|| self.clock.now_ms());
                match redis.check(key, policy, now).await {
                    Ok(d) => d,
                    Err(e) => {
                        tracing::warn!(error = %e, "Redis rate limit unavailable: using this instance's window");
                        crate::telemetry::metrics::rate_limit_store_error();
                        self.memory.check(key, policy, self.clock.now_ms())
                    }
                }
            }
        };
        Some(decision)
    }
}
