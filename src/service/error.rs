//! The service layer's error: what went wrong, in terms the API maps once to HTTP.

use std::collections::BTreeMap;

/// Anything a service call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is invalid; `fields` names each bad field.
    #[error("{message}")]
    Invalid {
        /// Summary.
        message: String,
        /// Field → message.
        fields: BTreeMap<String, String>,
    },
    /// The body is larger than allowed.
    #[error("request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// Nothing with that id (or not the caller's).
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the resource's state.
    #[error("{0}")]
    Conflict(String),
    /// The caller has too much in flight.
    #[error("{0}")]
    TooMany(String),
    /// The caller submitted too often; the decision says when to come back.
    #[error("Rate limit exceeded: at most {} simulations per {} s; try again in {} s", .0.limit, .0.window.as_secs(), .0.reset_after_secs())]
    RateLimited(crate::ratelimit::Decision),
    /// The server cannot take it now (queue full, shutting down).
    #[error("{0}")]
    Unavailable(String),
    /// The database failed.
    #[error("the database is unavailable")]
    Db(#[from] crate::db::DbError),
}

impl AppError {
    /// One invalid field.
    pub fn field(name: &str, message: impl Into<String>) -> AppError {
        let message = message.into();
        AppError::Invalid {
            message: format!("{name}: {message}"),
            fields: BTreeMap::from([(name.to_string(), message)]),
        }
    }

    /// The JSON error body `{error, code, fields?, retryAfter?}` shared by REST and server functions.
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({ "error": self.to_string(), "code": self.code() });
        match self {
            AppError::Invalid { fields, .. } => body["fields"] = serde_json::json!(fields),
            AppError::RateLimited(d) => {
                body["retryAfter"] = serde_json::json!(d.reset_after_secs())
            }
            _ => {}
        }
        body
    }

    /// Machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid { .. } => "INVALID_REQUEST",
            AppError::PayloadTooLarge(_) => "PAYLOAD_TOO_LARGE",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Conflict(_) => "CONFLICT",
            AppError::TooMany(_) => "TOO_MANY_JOBS",
            AppError::RateLimited(_) => "RATE_LIMITED",
            AppError::Unavailable(_) => "UNAVAILABLE",
            AppError::Db(_) => "DATABASE_UNAVAILABLE",
        }
    }
}
