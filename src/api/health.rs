//! Liveness and readiness probes.

use crate::service::{status, Services};
use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};
use std::time::Instant;

/// When this process started (uptime in `/healthz`).
#[derive(Debug, Clone, Copy)]
pub struct Started(pub Instant);

/// `GET /healthz`: the process is up. No I/O. `version` is the package version, `build` what
/// `ROTASIM_BUILD` held at compile time (a commit or release tag, when the packager sets it).
pub async fn healthz(State(Started(at)): State<Started>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "build": option_env!("ROTASIM_BUILD"),
        "uptimeSecs": at.elapsed().as_secs(),
    }))
}

/// `GET /readyz`: 200 when the database answers, 503 otherwise (or while shutting down).
pub async fn readyz(State(services): State<Services>) -> (StatusCode, Json<Value>) {
    let r = status::readiness(&services).await;
    let code = if r.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut body = json!({ "status": r.status, "database": r.database });
    if let Some(e) = r.error {
        body["error"] = json!(e);
    }
    (code, Json(body))
}
