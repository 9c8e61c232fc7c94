//! Maps [`AppError`] to an HTTP status and a JSON body `{error, code, fields?}`.

pub use crate::error::AppError as ApiError;
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};

/// The status of each error.
pub fn status(e: &ApiError) -> StatusCode {
    match e {
        ApiError::Invalid { .. } => StatusCode::BAD_REQUEST,
        ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::Conflict(_) => StatusCode::CONFLICT,
        ApiError::TooMany(_) | ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
        ApiError::Unavailable(_) | ApiError::Db(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Db(e) = &self {
            tracing::error!(error = %e, "database error");
        }
        let mut res = (status(&self), Json(self.body())).into_response();
        if let ApiError::RateLimited(d) = &self {
            super::rate_limit::apply(res.headers_mut(), d);
        }
        res
    }
}
