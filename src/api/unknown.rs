//! `/api/…` paths that are no endpoint: a JSON 404, as every API error is, never the HTML page.

use crate::service::ServiceError;
use axum::http::Uri;

/// The longest part of an unknown path repeated in the message.
const SHOWN: usize = 120;

/// Any method on an `/api/…` path no route has.
pub async fn unknown(uri: Uri) -> ServiceError {
    let path = uri.path();
    let shown: String = path.chars().take(SHOWN).collect();
    let more = if shown.len() < path.len() { "…" } else { "" };
    ServiceError::NotFound(format!(
        "no API endpoint at {shown}{more}; the API is described at /api/docs"
    ))
}
