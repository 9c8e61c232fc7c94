//! The PostgreSQL repository: native UUID, JSONB and TIMESTAMPTZ columns.

use super::{
    library::impl_library, queries::impl_repository, shares::impl_shares, Backend, DbError,
    Dialect, NewResult, SessionBackend,
};
use crate::model::{ErrorCode, JobRecord, Rotation};
use sqlx::postgres::{PgPool, PgPoolOptions};

/// A repository on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgRepository {
    pool: PgPool,
    health: std::sync::Arc<super::DbHealth>,
}

impl PgRepository {
    const DIALECT: Dialect = Dialect::Postgres;
    const EXPLAIN: &'static str = "EXPLAIN";

    /// Connects to `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(super::ACQUIRE_TIMEOUT)
            .connect(url)
            .await?;
        Ok(PgRepository {
            pool,
            health: Default::default(),
        })
    }
}

impl_repository!(PgRepository, {
    fn health(&self) -> &super::DbHealth {
        &self.health
    }

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
