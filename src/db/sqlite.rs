//! The SQLite repository: an embedded file in WAL mode with a busy timeout and foreign keys on.

use super::{
    library::impl_library, queries::impl_repository, shares::impl_shares, Backend, DbError,
    Dialect, NewResult, SessionBackend,
};
use crate::model::{ErrorCode, JobRecord, Rotation};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::{str::FromStr, time::Duration};

/// A repository on an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteRepository {
    pool: SqlitePool,
    health: std::sync::Arc<super::DbHealth>,
}

impl SqliteRepository {
    const DIALECT: Dialect = Dialect::Sqlite;
    const EXPLAIN: &'static str = "EXPLAIN QUERY PLAN";

    /// Opens (creating the file and its directory when needed) `sqlite://PATH`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
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
            .acquire_timeout(super::ACQUIRE_TIMEOUT)
            .connect_with(opts)
            .await?;
        Ok(SqliteRepository {
            pool,
            health: Default::default(),
        })
    }
}

impl_repository!(SqliteRepository, {
    fn health(&self) -> &super::DbHealth {
        &self.health
    }

    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations/sqlite")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    fn session_store(&self) -> SessionBackend {
        SessionBackend::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(
            self.pool.clone(),
        ))
    }
});

impl_library!(SqliteRepository);
impl_shares!(SqliteRepository);
