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

    /// Machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid { .. } => "INVALID_REQUEST",
            AppError::PayloadTooLarge(_) => "PAYLOAD_TOO_LARGE",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Conflict(_) => "CONFLICT",
            AppError::TooMany(_) => "TOO_MANY_JOBS",
            AppError::Unavailable(_) => "UNAVAILABLE",
            AppError::Db(_) => "DATABASE_UNAVAILABLE",
        }
    }
}
