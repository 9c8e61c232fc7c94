//! `GET /metrics`: every metric in the Prometheus text format.

use axum::http::header;
use axum::response::IntoResponse;

/// The Prometheus scrape endpoint.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    summary = "Every metric, in the Prometheus text format",
    responses((status = 200, description = "Prometheus exposition format 0.0.4",
        content_type = "text/plain; version=0.0.4; charset=utf-8", body = String))
)]
pub async fn metrics() -> impl IntoResponse {
    let body = crate::telemetry::metrics::render();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
}
