//! Liveness and readiness probes.

use crate::service::{status, Services};
use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;
use std::time::Instant;

/// When this process started (uptime in `/healthz`).
#[derive(Debug, Clone, Copy)]
pub struct Started(pub Instant);

/// `GET /healthz` body.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
    /// The package version.
    pub version: &'static str,
    /// `ROTASIM_BUILD` at compile time (a commit or release tag), else null.
    pub build: Option<&'static str>,
    /// Seconds since the process started.
    pub uptime_secs: u64,
}

/// `GET /readyz` body.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Ready {
    /// `ready`, `shutting down` or `unavailable`.
    pub status: &'static str,
    /// The database backend: `sqlite` or `postgres`.
    pub database: &'static str,
    /// What is unreachable, when not ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

/// `GET /healthz`: the process is up. No I/O. `version` is the package version, `build` what
/// `ROTASIM_BUILD` held at compile time (a commit or release tag, when the packager sets it).
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    summary = "Liveness: the process is up (no I/O)",
    responses((status = 200, description = "Up", body = Health))
)]
pub async fn healthz(State(Started(at)): State<Started>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        build: option_env!("ROTASIM_BUILD"),
        uptime_secs: at.elapsed().as_secs(),
    })
}

/// `GET /readyz`: 200 when the database answers, 503 otherwise (or while shutting down).
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    summary = "Readiness: the database answers and the process is not shutting down",
    responses(
        (status = 200, description = "Ready", body = Ready),
        (status = 503, description = "Not ready (`status` says why)", body = Ready),
    )
)]
pub async fn readyz(State(services): State<Services>) -> (StatusCode, Json<Ready>) {
    let r = status::readiness(&services).await;
    let code = if r.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Ready {
        status: r.status,
        database: r.database,
        error: r.error,
    };
    (code, Json(body))
}
