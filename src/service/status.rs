//! Portal status (database backend and schema version).

use crate::{db::DbError, model::PortalStatus, state::AppState};

/// Reads the database's schema state.
pub async fn portal_status(state: &AppState) -> Result<PortalStatus, DbError> {
    Ok(PortalStatus {
        database: state.db.backend().name().to_string(),
        migrations: state.db.applied_migrations().await?,
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}
