//! Helpers shared by the portal's integration tests: test databases and
//! [`both_databases!`](crate::both_databases) ([`db`]), the portal in this process ([`server`]),
//! the real binary as a child process ([`process`]), one API client ([`api`]) and its SSE
//! reader ([`sse`]).
#![allow(dead_code)]

pub mod api;
pub mod db;
pub mod process;
pub mod proxy;
pub mod server;
pub mod sse;

// What most tests use, at the top (each test binary uses some of it).
#[allow(unused_imports)]
pub use api::{Client, WAIT};
#[allow(unused_imports)]
pub use db::TestDb;
#[allow(unused_imports)]
pub use server::{one_worker, Server};

/// A direct connection to a test database, for checks below the repository (row counts,
/// pragmas, query plans, tampering).
pub enum Raw {
    /// SQLite.
    Sqlite(sqlx::SqlitePool),
    /// PostgreSQL.
    Postgres(sqlx::PgPool),
}

/// Opens a direct connection to `url`.
pub async fn raw(url: &str) -> Raw {
    if url.starts_with("sqlite:") {
        Raw::Sqlite(sqlx::SqlitePool::connect(url).await.expect("sqlite"))
    } else {
        Raw::Postgres(sqlx::PgPool::connect(url).await.expect("postgres"))
    }
}

/// Runs one SQL statement without binds.
pub async fn raw_exec(url: &str, sql: &str) {
    match raw(url).await {
        Raw::Sqlite(p) => drop(sqlx::query(sql).execute(&p).await.expect(sql)),
        Raw::Postgres(p) => drop(sqlx::query(sql).execute(&p).await.expect(sql)),
    }
}

/// `SELECT COUNT(*)` of one table.
pub async fn count_rows(url: &str, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match raw(url).await {
        Raw::Sqlite(p) => sqlx::query_scalar(&sql).fetch_one(&p).await.unwrap(),
        Raw::Postgres(p) => sqlx::query_scalar(&sql).fetch_one(&p).await.unwrap(),
    }
}

/// The Redis server for tests: `ROTASIM_TEST_REDIS_URL`, or `None` (skipped) outside CI.
/// Under `CI=true` a missing Redis is a failure, never a silent skip.
pub fn redis_url() -> Option<String> {
    match std::env::var("ROTASIM_TEST_REDIS_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but ROTASIM_TEST_REDIS_URL is not set: the Redis tests must run in CI")
        }
        _ => {
            eprintln!("SKIPPED the Redis half: ROTASIM_TEST_REDIS_URL is not set");
            None
        }
    }
}

/// A name no other test run uses (Redis key prefixes, database names).
pub fn unique(prefix: &str) -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}{:x}{:x}", nanos, std::process::id())
}
