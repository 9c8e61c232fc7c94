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
    // During a known outage the answer is immediate (the monitor pings in the background).
    let ping = if services.db.health().is_up() {
        match tokio::time::timeout(crate::db::health::PING_TIMEOUT, services.db.ping()).await {
            Ok(r) => {
                services.db.health().observe(&r);
                r.map_err(|e| e.to_string())
            }
            Err(_) => {
                services.db.health().mark_down(&"readiness ping timed out");
                Err("timed out".to_string())
            }
        }
    } else {
        Err("outage in progress".to_string())
    };
    match ping {
        Ok(()) => Readiness {
            ready: true,
            status: "ready",
            database,
            error: None,
        },
        Err(e) => {
            tracing::debug!(error = %e, "readiness check failed");
            Readiness {
                ready: false,
                status: "unavailable",
                database,
                error: Some("database unreachable"),
            }
        }
    }
}
