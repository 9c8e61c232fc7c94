//! Portal status: the database backend and schema version, and readiness.

use crate::{
    model::PortalStatus,
    service::{ServiceError, Services},
};

/// Reads the database's schema state.
pub async fn portal_status(services: &Services) -> Result<PortalStatus, ServiceError> {
    Ok(PortalStatus {
        database: services.db.backend().name().to_string(),
        migrations: services.db.applied_migrations().await?,
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// Whether this process can serve: `ready`, `shutting down` or `unavailable` (database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// True when requests can be served.
    pub ready: bool,
    /// `ready`, `shutting down` or `unavailable`.
    pub status: &'static str,
    /// The database backend's name.
    pub database: &'static str,
    /// What is unreachable, in words that name no internals.
    pub error: Option<&'static str>,
}

/// Checks the database with one round trip; not ready once shutdown has begun.
pub async fn readiness(services: &Services) -> Readiness {
    let database = services.db.backend().name();
    if !services.jobs.is_accepting() {
        return Readiness {
            ready: false,
            status: "shutting down",
            database,
            error: None,
        };
    }
    match services.db.ping().await {
        Ok(()) => Readiness {
            ready: true,
            status: "ready",
            database,
            error: None,
        },
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            Readiness {
                ready: false,
                status: "unavailable",
                database,
                error: Some("database unreachable"),
            }
        }
    }
}
