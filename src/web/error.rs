//! A [`ServiceError`] as an HTTP response: its code's status and the JSON body
//! `{error, code, fields?, retryAfter?}`, with rate-limit headers on a refusal.

use crate::service::ServiceError;
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};

/// The HTTP status of an error.
pub fn status(e: &ServiceError) -> StatusCode {
    StatusCode::from_u16(e.code().http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Put on a response whose request found the database unreachable; [`track_outages`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseUnreachable;

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        let mut unreachable = false;
        if let ServiceError::Db(e) = &self {
            unreachable = e.is_unavailable();
            if unreachable {
                tracing::warn!(error = %e, "request answered 503: database unavailable");
            } else {
                tracing::error!(error = %e, "database error");
            }
        }
        let mut res = (status(&self), Json(self.error_body())).into_response();
        super::add_headers(res.headers_mut(), self.headers());
        if unreachable {
            res.extensions_mut().insert(DatabaseUnreachable);
        }
        res
    }
}

/// Middleware: gives the request the database (whose health the caller extractor reads) and
/// starts an outage when its response is marked [`DatabaseUnreachable`], so the next requests
/// are answered at once.
pub async fn track_outages(
    axum::extract::State(db): axum::extract::State<crate::db::Db>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    req.extensions_mut().insert(db.clone());
    let res = next.run(req).await;
    if res.extensions().get::<DatabaseUnreachable>().is_some() {
        db.health()
            .mark_down(&"a request found the database unreachable");
    }
    res
}
