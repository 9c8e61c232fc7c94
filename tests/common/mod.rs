//! Helpers shared by the portal's integration tests.
#![allow(dead_code)]

pub mod process;
pub mod sse;

use rotasim::{db::Db, server, state::AppState};
use std::net::SocketAddr;

/// The PostgreSQL server for tests: `ROTASIM_TEST_POSTGRES_URL`, or `None` (skipped) outside CI.
/// Under `CI=true` a missing PostgreSQL is a failure, never a silent skip.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("ROTASIM_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but ROTASIM_TEST_POSTGRES_URL is not set: the PostgreSQL half must run in CI")
        }
        _ => {
            eprintln!("SKIPPED the PostgreSQL half: ROTASIM_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

/// A new, empty PostgreSQL database for one test (dropped by nobody: names are unique per run).
pub async fn fresh_postgres_url(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("rotasim_t_{}", uuid_like());
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to the test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let (base, _) = admin_url.rsplit_once('/').expect("url has a database");
    format!("{base}/{name}")
}

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

/// A browser: an HTTP client with its own cookie jar (so its own session and user profile).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("http client")
}

/// A fresh SQLite file URL inside `dir`.
pub fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}/rotasim.db", dir.path().display())
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}{:x}", nanos, std::process::id())
}

/// Serves the full router for `db` on a free loopback port.
pub async fn serve(db: Db) -> SocketAddr {
    serve_with(db, Default::default(), Default::default())
        .await
        .0
}

/// A running in-process server: its address, state and task.
pub struct Server {
    /// Base URL.
    pub url: String,
    /// Shared state (the job manager's counters).
    pub state: AppState,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Stops serving (as a crash would: no graceful shutdown).
    pub fn kill(self) {
        self.state.streams.shut_down();
        self.task.abort();
    }
}

/// Serves with explicit job and stream settings.
pub async fn serve_with(
    db: Db,
    jobs: rotasim::jobs::JobsConfig,
    streams: rotasim::api::stream::StreamConfig,
) -> (SocketAddr, Server) {
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("rotasim")
        .build();
    let state = AppState::new(leptos, db, jobs, streams)
        .await
        .expect("state");
    serve_state(state).await
}

/// Serves a prepared state on a free loopback port.
pub async fn serve_state(state: AppState) -> (SocketAddr, Server) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn({
        let state = state.clone();
        async move {
            server::serve(listener, state, std::future::pending())
                .await
                .unwrap()
        }
    });
    (
        addr,
        Server {
            url: format!("http://{addr}"),
            state,
            task,
        },
    )
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
    format!("{prefix}{}", uuid_like())
}
