//! The PostgreSQL repository: native UUID, JSONB and TIMESTAMPTZ columns.

use super::{
    library::impl_library, queries::impl_repository, shares::impl_shares, Backend, DbError,
    Dialect, NewResult, SessionBackend,
};
use crate::model::{ErrorCode, JobRecord, Rotation};
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

/// A repository on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgRepository {
    pool: PgPool,
}

impl PgRepository {
    const DIALECT: Dialect = Dialect::Postgres;
    const EXPLAIN: &'static str = "EXPLAIN";

    /// Connects to `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        Ok(PgRepository { pool })
    }
}

impl_repository!(PgRepository, {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations/postgres")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    fn session_store(&self) -> SessionBackend {
        SessionBackend::Postgres(tower_sessions_sqlx_store::PostgresStore::new(
            self.pool.clone(),
        ))
    }
});

impl_library!(PgRepository);
impl_shares!(PgRepository);
