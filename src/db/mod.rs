//! Database access: one pool for SQLite (embedded default) or PostgreSQL, with migrations.

pub mod jobs;
pub mod rotations;

use sqlx::{
    postgres::{PgPool, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions},
};
use std::{str::FromStr, time::Duration};

/// Database failures, mapped to HTTP once in the API layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported DATABASE_URL scheme in '{0}': use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    /// Could not create the SQLite file's directory.
    #[error("cannot create database directory {path}: {source}")]
    Directory {
        /// The directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any query or connection failure.
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
}

/// Which database engine is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Lower-case name shown to users and in logs.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A connection pool on the active database.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite in WAL mode with a busy timeout and foreign keys on.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

impl Db {
    /// Connects to `url`, creating the SQLite file (and its directory) when needed.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            if let Some(dir) = opts.get_filename().parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir).map_err(|source| DbError::Directory {
                        path: dir.display().to_string(),
                        source,
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool))
        } else {
            Err(DbError::UnsupportedUrl(url.to_string()))
        }
    }

    /// Connects and brings the schema up to date.
    pub async fn connect_and_migrate(url: &str) -> Result<Self, DbError> {
        let db = Self::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Runs the dialect's migrations (`migrations/sqlite` or `migrations/postgres`).
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Db::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// The active engine.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// One round trip to the database (readiness).
    pub async fn ping(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.map(drop)?,
            Db::Postgres(p) => sqlx::query("SELECT 1").execute(p).await.map(drop)?,
        }
        Ok(())
    }

    /// Number of successfully applied migrations.
    pub async fn applied_migrations(&self) -> Result<i64, DbError> {
        const Q: &str = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success";
        Ok(match self {
            Db::Sqlite(p) => sqlx::query_scalar(Q).fetch_one(p).await?,
            Db::Postgres(p) => sqlx::query_scalar(Q).fetch_one(p).await?,
        })
    }

    /// Rewrites PostgreSQL-flavoured SQL for the active database: on SQLite, `::type` casts are
    /// dropped, `{now}` becomes an RFC 3339 `strftime` and `{ts:col}` the stored text; on
    /// PostgreSQL `{now}` is `NOW()` and `{ts:col}` formats the timestamp as RFC 3339 UTC.
    pub fn sql(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(i) = rest.find(['{', ':']) {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            if let Some(tail) = rest.strip_prefix("{now}") {
                out.push_str(match self {
                    Db::Sqlite(_) => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                    Db::Postgres(_) => "NOW()",
                });
                rest = tail;
            } else if let Some(tail) = rest.strip_prefix("{ts:") {
                let end = tail.find('}').expect("closed {ts:…}");
                let col = &tail[..end];
                match self {
                    Db::Sqlite(_) => out.push_str(col),
                    Db::Postgres(_) => out.push_str(&format!(
                        "to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                    )),
                }
                rest = &tail[end + 1..];
            } else if let Some(tail) = rest.strip_prefix("::") {
                let n = tail
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .unwrap_or(tail.len());
                if let Db::Postgres(_) = self {
                    out.push_str("::");
                    out.push_str(&tail[..n]);
                }
                rest = &tail[n..];
            } else {
                out.push_str(&rest[..1]);
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }

    /// Closes the pool; further queries fail (used by shutdown and tests).
    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}
