//! The Redis sliding-window store: one atomic Lua script, so several portal instances share
//! one limit.

use super::{Decision, Policy};
use redis::{aio::ConnectionManager, Script};
use std::{sync::Arc, time::Duration};

/// The script (loaded once per connection, then called by its SHA).
const SCRIPT: &str = include_str!("sliding_window.lua");
/// The prefix of every key this store writes.
pub const DEFAULT_PREFIX: &str = "rotasim:ratelimit:";

/// A Redis connection (reconnecting on its own) and the script.
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    script: Arc<Script>,
    prefix: String,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`); fails when Redis does not answer.
    pub async fn connect(url: &str, prefix: &str) -> redis::RedisResult<RedisStore> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_millis(500)))
            .set_number_of_retries(2);
        let conn = ConnectionManager::new_with_config(client, config).await?;
        Ok(RedisStore {
            conn,
            script: Arc::new(Script::new(SCRIPT)),
            prefix: prefix.to_string(),
        })
    }

    /// Counts one request under `key` if the window has room; `now_ms` `None` uses Redis' clock.
    pub async fn check(
        &self,
        key: &str,
        policy: Policy,
        now_ms: Option<u64>,
    ) -> redis::RedisResult<Decision> {
        let mut conn = self.conn.clone();
        let member = uuid::Uuid::new_v4().simple().to_string();
        let (allowed, remaining, reset, now): (i64, i64, i64, i64) = self
            .script
            .key(format!("{}{key}", self.prefix))
            .arg(policy.limit)
            .arg(policy.window_ms())
            .arg(member)
            .arg(now_ms.map(|n| n.to_string()).unwrap_or_default())
            .invoke_async(&mut conn)
            .await?;
        Ok(Decision {
            allowed: allowed == 1,
            limit: policy.limit,
            window: policy.window,
            remaining: remaining.max(0) as u32,
            reset_after_ms: reset.max(0) as u64,
            now_ms: now.max(0) as u64,
        })
    }
}
