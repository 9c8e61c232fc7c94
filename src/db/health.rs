//! Whether the database answers, as this process last saw it: flipped to "down" by a failure
//! that means the database is unreachable (never by a bad query), and back to "up" by the
//! [`monitor`] once a ping answers again. Request paths read it to fail at once during an
//! outage; the job manager reads it to hold writes and waits on it to catch up afterwards.

use super::DbError;
use crate::telemetry::metrics;
use std::{
    sync::Mutex,
    time::{Duration, Instant},
};
use tokio::sync::watch;

/// How often the monitor pings a database that has gone away.
pub const PING_INTERVAL: Duration = Duration::from_millis(500);
/// The longest a readiness ping may take before the database counts as unreachable.
pub const PING_TIMEOUT: Duration = Duration::from_secs(1);

/// The database's reachability as this process sees it.
#[derive(Debug)]
pub struct DbHealth {
    up: watch::Sender<bool>,
    since: Mutex<Option<Instant>>,
}

impl Default for DbHealth {
    fn default() -> Self {
        DbHealth {
            up: watch::Sender::new(true),
            since: Mutex::new(None),
        }
    }
}

impl DbHealth {
    /// True unless an outage has been seen and not yet ended.
    pub fn is_up(&self) -> bool {
        *self.up.borrow()
    }

    /// Notes the outcome of a database call: an unreachable database marks an outage.
    pub fn observe<T>(&self, result: &Result<T, DbError>) {
        if let Err(e) = result {
            self.observe_error(e);
        }
    }

    /// Marks an outage when `e` says the database is unreachable.
    pub fn observe_error(&self, e: &DbError) {
        if e.is_unavailable() {
            self.mark_down(e);
        }
    }

    /// The database has gone away (logged and counted once per outage).
    pub fn mark_down(&self, cause: &dyn std::fmt::Display) {
        let changed = self.up.send_if_modified(|up| std::mem::replace(up, false));
        if changed {
            *self.since.lock().expect("health lock") = Some(Instant::now());
            metrics::database_outage();
            tracing::warn!(error = %cause, "database unavailable: holding writes until it answers");
        }
    }

    /// The database answers again (logged with the outage's length).
    pub fn mark_up(&self) {
        let changed = self.up.send_if_modified(|up| !std::mem::replace(up, true));
        if changed {
            let down = self.since.lock().expect("health lock").take();
            metrics::database_up(true);
            tracing::info!(
                down_ms = down.map(|t| t.elapsed().as_millis() as u64),
                "database available again"
            );
        }
    }

    /// A receiver that sees every change (the job manager waits on it).
    pub fn watch(&self) -> watch::Receiver<bool> {
        self.up.subscribe()
    }

    /// Waits until the database is up (at once when it is).
    pub async fn wait_up(&self) {
        let mut rx = self.watch();
        let _ = rx.wait_for(|up| *up).await;
    }
}

/// Pings the database every [`PING_INTERVAL`] while it is down and marks it up when it answers;
/// ends when the pool is closed (shutdown).
pub async fn monitor(db: super::Db) {
    let mut rx = db.health().watch();
    loop {
        if *rx.borrow_and_update() {
            if rx.changed().await.is_err() {
                return;
            }
            continue;
        }
        tokio::time::sleep(PING_INTERVAL).await;
        match tokio::time::timeout(PING_TIMEOUT, db.ping()).await {
            Ok(Ok(())) => db.health().mark_up(),
            Ok(Err(DbError::Sqlx(sqlx::Error::PoolClosed))) => return,
            _ => {}
        }
    }
}

impl DbError {
    /// True when the error means the database could not be reached or could not take the write
    /// now (connection refused or lost, pool timeout, a locked SQLite file, a full disk,
    /// PostgreSQL shutting down or out of connections) — not a bad query or a constraint.
    pub fn is_unavailable(&self) -> bool {
        let DbError::Sqlx(e) = self else {
            return false;
        };
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Protocol(_) => true,
            sqlx::Error::Database(d) => {
                let code = d.code().unwrap_or_default();
                let sqlite = d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some();
                match sqlite {
                    // SQLITE_BUSY 5, SQLITE_LOCKED 6, SQLITE_IOERR 10 (and extended codes),
                    // SQLITE_FULL 13, SQLITE_CANTOPEN 14.
                    true => {
                        let primary = code.parse::<i64>().unwrap_or(0) & 0xff;
                        matches!(primary, 5 | 6 | 10 | 13 | 14)
                    }
                    // PostgreSQL: connection exceptions (08), insufficient resources (53),
                    // operator intervention (57: admin shutdown, cannot connect now).
                    false => ["08", "53", "57"].iter().any(|c| code.starts_with(c)),
                }
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_is_marked_once_and_ends_once() {
        let h = DbHealth::default();
        assert!(h.is_up());
        let mut rx = h.watch();
        h.observe_error(&DbError::Sqlx(sqlx::Error::RowNotFound));
        assert!(h.is_up(), "a bad query is not an outage");
        h.observe_error(&DbError::Sqlx(sqlx::Error::PoolTimedOut));
        h.observe_error(&DbError::Sqlx(sqlx::Error::PoolTimedOut));
        assert!(!h.is_up());
        assert!(rx.has_changed().unwrap());
        let _ = rx.borrow_and_update();
        h.mark_up();
        assert!(h.is_up() && rx.has_changed().unwrap());
    }
}
