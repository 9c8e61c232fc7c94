//! `GET /metrics`: every metric in the Prometheus text format.

use axum::http::header;
use axum::response::IntoResponse;

/// The Prometheus scrape endpoint.
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
