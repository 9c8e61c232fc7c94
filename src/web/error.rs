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

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        if let ServiceError::Db(e) = &self {
            tracing::error!(error = %e, "database error");
        }
        let mut res = (status(&self), Json(self.body())).into_response();
        super::add_headers(res.headers_mut(), self.headers());
        res
    }
}
