//! The service layer's one error type: what went wrong, with a machine-readable
//! [`ErrorCode`] that the REST handlers and the server functions both map to HTTP.

use crate::model::{ErrorBody, ErrorCode};
use std::collections::BTreeMap;

/// Anything a service call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The request is invalid; `fields` names each bad field.
    #[error("{message}")]
    Invalid {
        /// Summary.
        message: String,
        /// Field → message.
        fields: BTreeMap<String, String>,
        /// Every error of an APL text in the request (also summarised at `fields.apl`).
        apl_errors: Vec<rotasim_engine::apl::AplError>,
    },
    /// The body is larger than allowed.
    #[error("request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// The body's content type is not accepted.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A state-changing request made by another site.
    #[error("{0}")]
    Forbidden(String),
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
    /// The database failed (the message names no internals; the cause is logged).
    #[error("the service is temporarily unavailable; try again in a few seconds")]
    Db(#[from] crate::db::DbError),
}

/// Seconds a client is asked to wait after a 503 or a full queue (`Retry-After`, `retryAfter`).
pub const RETRY_AFTER_SECS: u64 = 5;

impl ServiceError {
    /// One invalid field.
    pub fn field(name: &str, message: impl Into<String>) -> ServiceError {
        let message = message.into();
        ServiceError::Invalid {
            message: format!("{name}: {message}"),
            fields: BTreeMap::from([(name.to_string(), message)]),
            apl_errors: Vec::new(),
        }
    }

    /// A request with these bad fields (`what`: e.g. "simulation request").
    pub fn fields(what: &str, fields: BTreeMap<String, String>) -> ServiceError {
        ServiceError::invalid(what, fields, Vec::new())
    }

    /// A request with bad fields and/or an APL text that does not compile: the APL's errors are
    /// listed in full and its first one is the `apl` field's message.
    pub fn invalid(
        what: &str,
        mut fields: BTreeMap<String, String>,
        apl_errors: Vec<rotasim_engine::apl::AplError>,
    ) -> ServiceError {
        if let Some(first) = apl_errors.first() {
            let more = match apl_errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            fields
                .entry("apl".to_string())
                .or_insert(format!("{first}{more}"));
        }
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        ServiceError::Invalid {
            message: format!("invalid {what}: {}", names.join(", ")),
            fields,
            apl_errors,
        }
    }

    /// The database is unreachable (a session or profile could not be read).
    pub fn database_unavailable() -> ServiceError {
        ServiceError::Db(crate::db::DbError::Sqlx(sqlx::Error::PoolTimedOut))
    }

    /// The JSON error body `{error, code, fields?, errors?, retryAfter?}` shared by REST and server functions.
    pub fn body(&self) -> serde_json::Value {
        serde_json::to_value(self.error_body()).unwrap_or_default()
    }

    /// The error as its typed body ([`ErrorBody`], the schema the API documents).
    pub fn error_body(&self) -> ErrorBody {
        let mut body = ErrorBody {
            error: self.to_string(),
            code: self.code(),
            fields: None,
            errors: Vec::new(),
            retry_after: None,
        };
        match self {
            ServiceError::Invalid {
                fields, apl_errors, ..
            } => {
                body.fields = Some(fields.clone());
                body.errors = apl_errors.clone();
            }
            ServiceError::RateLimited(d) => body.retry_after = Some(d.reset_after_secs()),
            ServiceError::Db(_) | ServiceError::Unavailable(_) | ServiceError::TooMany(_) => {
                body.retry_after = Some(RETRY_AFTER_SECS)
            }
            _ => {}
        }
        body
    }

    /// Machine-readable code (its HTTP status is [`ErrorCode::http_status`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Invalid { .. } => ErrorCode::InvalidRequest,
            ServiceError::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            ServiceError::UnsupportedMediaType(_) => ErrorCode::UnsupportedMediaType,
            ServiceError::Forbidden(_) => ErrorCode::Forbidden,
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::Conflict(_) => ErrorCode::Conflict,
            ServiceError::TooMany(_) => ErrorCode::TooManyJobs,
            ServiceError::RateLimited(_) => ErrorCode::RateLimited,
            ServiceError::Unavailable(_) => ErrorCode::Unavailable,
            ServiceError::Db(_) => ErrorCode::DatabaseUnavailable,
        }
    }

    /// "Not found" for `what` (e.g. `simulation 'abc'`): also what another user's resource is.
    pub fn not_found(what: impl std::fmt::Display) -> ServiceError {
        ServiceError::NotFound(format!("{what} not found"))
    }

    /// The response headers this error carries (the rate limit's, on a refusal).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            ServiceError::RateLimited(d) => d.headers(),
            ServiceError::Db(_) | ServiceError::Unavailable(_) | ServiceError::TooMany(_) => {
                vec![("retry-after", RETRY_AFTER_SECS.to_string())]
            }
            _ => Vec::new(),
        }
    }
}
