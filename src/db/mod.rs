//! Database access: the [`Repository`] trait, implemented for SQLite (embedded default) and
//! PostgreSQL over one set of SQL statements, with per-dialect migrations.

mod dialect;
pub mod health;
mod history;
pub(crate) mod library;
mod postgres;
pub(crate) mod queries;
mod rows;
pub mod sessions;
pub(crate) mod shares;
mod sqlite;

pub use dialect::Dialect;
pub use health::DbHealth;
pub use history::{like_pattern, JobFilter};
pub use library::Library;
pub use postgres::PgRepository;
pub use rows::{CharacterRow, NewResult};
pub use sessions::SessionBackend;
pub use shares::Shares;
pub use sqlite::SqliteRepository;

use crate::model::{ErrorCode, JobRecord};
use std::sync::Arc;

/// Database failures (the service layer turns them into its own error).
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

/// The active repository, shared by the whole server.
pub type Db = Arc<dyn Repository>;

/// Namespace of built-in rotation ids (UUID v5 of the slug), so they are the same everywhere.
const BUILTIN_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6f1e_0d3a_5b7c_4e21_9a44_2c6d_8e0f_b513);

/// The id of the built-in rotation for `slug`.
pub fn builtin_id(slug: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&BUILTIN_NAMESPACE, slug.as_bytes())
}

/// Everything the portal stores. Job and result reads for users are scoped to an owner: a row
/// that belongs to someone else is indistinguishable from a missing one.
#[async_trait::async_trait]
pub trait Repository: Library + Shares + Send + Sync + std::fmt::Debug + 'static {
    /// The active engine.
    fn backend(&self) -> Backend;
    /// Whether the database answers, as this process last saw it.
    fn health(&self) -> &DbHealth;
    /// Brings the schema up to date (`migrations/sqlite` or `migrations/postgres`).
    async fn migrate(&self) -> Result<(), DbError>;
    /// One round trip (readiness).
    async fn ping(&self) -> Result<(), DbError>;
    /// Number of successfully applied migrations.
    async fn applied_migrations(&self) -> Result<i64, DbError>;
    /// Closes the pool; further queries fail.
    async fn close(&self);
    /// The tower-sessions store on this database.
    fn session_store(&self) -> SessionBackend;
    /// The query plan of the history query after a cursor, with `filter` (for the docs and the
    /// index tests).
    async fn explain_history(&self, owner: &str, filter: &JobFilter) -> Result<String, DbError>;

    /// Creates an anonymous user profile; returns its UUID.
    async fn create_user(&self) -> Result<String, DbError>;
    /// Records a visit; false when the profile does not exist.
    async fn touch_user(&self, id: &str) -> Result<bool, DbError>;

    /// Inserts a job as `queued` (the record's status, progress and read-only fields are ignored).
    async fn insert_job(&self, job: &JobRecord) -> Result<(), DbError>;
    /// `queued` → `running`, counting an attempt; false when it is no longer queued.
    async fn mark_running(&self, id: &str) -> Result<bool, DbError>;
    /// Records progress (and a heartbeat) of a running job.
    async fn update_progress(&self, id: &str, current: i32) -> Result<(), DbError>;
    /// Stores the result and marks the job `completed` in one transaction; false (nothing
    /// stored) when the job is no longer running.
    async fn complete_job(&self, job_id: &str, result: &NewResult) -> Result<bool, DbError> {
        self.complete_job_as(job_id, result, None).await
    }
    /// [`Repository::complete_job`] by the worker process `worker` (`None`: this process's
    /// own queue): nothing is stored unless the job is still running under that worker's claim,
    /// so a worker whose lease was taken over cannot complete the job a second time.
    async fn complete_job_as(
        &self,
        job_id: &str,
        result: &NewResult,
        worker: Option<&str>,
    ) -> Result<bool, DbError>;
    /// `queued|running` → `failed`.
    async fn fail_job(&self, id: &str, message: &str, code: ErrorCode) -> Result<bool, DbError>;
    /// `queued|running` → `cancelled`; false when it had already ended.
    async fn cancel_job(&self, id: &str) -> Result<bool, DbError>;
    /// `running` → `queued` (an interrupted job to run again).
    async fn requeue_job(&self, id: &str) -> Result<bool, DbError>;
    /// Any job by id (the job manager's view).
    async fn job(&self, id: &str) -> Result<Option<JobRecord>, DbError>;
    /// A job by id if `owner` owns it.
    async fn owned_job(&self, id: &str, owner: &str) -> Result<Option<JobRecord>, DbError>;
    /// A page of `owner`'s jobs that pass `filter`, newest first, after `cursor` = (created_at, id).
    async fn list_jobs(
        &self,
        owner: &str,
        filter: &JobFilter,
        limit: i64,
        cursor: Option<(&str, &str)>,
    ) -> Result<Vec<JobRecord>, DbError>;
    /// The stored report JSON of `owner`'s result.
    async fn result_report(&self, result_id: &str, owner: &str) -> Result<Option<String>, DbError>;
    /// The stored batch JSON of `owner`'s result (`None` for a single run).
    async fn result_batch(&self, result_id: &str, owner: &str) -> Result<Option<String>, DbError>;
    /// Jobs left `queued` or `running`, oldest first (recovery at start-up).
    async fn unfinished_jobs(&self) -> Result<Vec<JobRecord>, DbError>;
}

/// How long a request waits for a pooled connection before the database counts as
/// unavailable: short, so a request during an outage is answered within seconds (503) instead
/// of hanging; job writes retry on their own (see [`crate::jobs`]).
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Connects to `url` (`sqlite://PATH` or `postgres://…`).
pub async fn connect(url: &str) -> Result<Db, DbError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgRepository::connect(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteRepository::connect(url).await?))
    } else {
        Err(DbError::UnsupportedUrl(url.to_string()))
    }
}

/// Connects and brings the schema up to date.
pub async fn connect_and_migrate(url: &str) -> Result<Db, DbError> {
    let db = connect(url).await?;
    db.migrate().await?;
    Ok(db)
}
