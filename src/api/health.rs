//! Liveness and readiness probes.

use crate::state::AppState;
use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};

/// `GET /healthz`: the process is up. No I/O. `version` is the package version, `build` what
/// `ROTASIM_BUILD` held at compile time (a commit or release tag, when the packager sets it).
pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "build": option_env!("ROTASIM_BUILD"),
        "uptimeSecs": state.started.elapsed().as_secs(),
    }))
}

/// `GET /readyz`: 200 when the database answers, 503 otherwise.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let backend = state.db.backend().name();
    if !state.jobs.is_accepting() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "shutting down", "database": backend })),
        );
    }
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": backend })),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    json!({ "status": "unavailable", "database": backend, "error": "database unreachable" }),
                ),
            )
        }
    }
}
