//! The API's error type, mapped once to an HTTP status and a JSON body `{error, code, fields?}`.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;
use std::collections::BTreeMap;

/// Anything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is invalid; `fields` names each bad field.
    #[error("{message}")]
    Invalid {
        /// Summary.
        message: String,
        /// Field → message.
        fields: BTreeMap<String, String>,
    },
    /// Nothing with that id (or not the caller's).
    #[error("{0}")]
    NotFound(String),
    /// The database failed.
    #[error("database error")]
    Db(#[from] crate::db::DbError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            ApiError::Invalid { .. } => (StatusCode::BAD_REQUEST, "INVALID_REQUEST"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "NOT_FOUND"),
            ApiError::Db(e) => {
                tracing::error!(error = %e, "database error");
                (StatusCode::SERVICE_UNAVAILABLE, "DATABASE_UNAVAILABLE")
            }
        };
        let mut body = json!({ "error": self.to_string(), "code": code });
        if let ApiError::Invalid { fields, .. } = &self {
            body["fields"] = json!(fields);
        }
        (status, Json(body)).into_response()
    }
}
