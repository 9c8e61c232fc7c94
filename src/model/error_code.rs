//! Machine-readable error codes: the `code` of every JSON error body, of the SSE `error` event
//! and of a failed job's stored record.

use serde::{Deserialize, Serialize};

/// Why something failed, as the API, the stream and the database name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum ErrorCode {
    /// The request is invalid (its `fields` name each problem).
    InvalidRequest,
    /// The request body is too large.
    PayloadTooLarge,
    /// The request body's content type is not accepted (JSON only).
    UnsupportedMediaType,
    /// A state-changing request from another site.
    Forbidden,
    /// No such resource, or not the caller's.
    NotFound,
    /// The request conflicts with the resource's state.
    Conflict,
    /// The caller already has the most queued jobs.
    TooManyJobs,
    /// The submission rate limit refused the request.
    RateLimited,
    /// The client has the most open streams.
    TooManyStreams,
    /// The server cannot take it now (queue full, shutting down).
    Unavailable,
    /// The database did not answer.
    DatabaseUnavailable,
    /// A job ran out of attempts across restarts.
    ServerRestarted,
    /// The worker process running a job stopped answering, and the job ran out of attempts.
    WorkerLost,
    /// The engine failed while running a job.
    ExecutionFailed,
    /// A stored job's configuration no longer validates.
    InvalidConfig,
    /// A completed job's stored result could not be read.
    ResultMissing,
    /// A queued or running job has no live channel in this process.
    NotTracked,
    /// A failed job without a recorded reason.
    Failed,
}

impl ErrorCode {
    /// Every code, for parsing.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::InvalidRequest,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::TooManyJobs,
        ErrorCode::RateLimited,
        ErrorCode::TooManyStreams,
        ErrorCode::Unavailable,
        ErrorCode::DatabaseUnavailable,
        ErrorCode::ServerRestarted,
        ErrorCode::WorkerLost,
        ErrorCode::ExecutionFailed,
        ErrorCode::InvalidConfig,
        ErrorCode::ResultMissing,
        ErrorCode::NotTracked,
        ErrorCode::Failed,
    ];

    /// The wire name (`NOT_FOUND`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "INVALID_REQUEST",
            ErrorCode::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ErrorCode::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::TooManyJobs => "TOO_MANY_JOBS",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::TooManyStreams => "TOO_MANY_STREAMS",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::DatabaseUnavailable => "DATABASE_UNAVAILABLE",
            ErrorCode::ServerRestarted => "SERVER_RESTARTED",
            ErrorCode::WorkerLost => "WORKER_LOST",
            ErrorCode::ExecutionFailed => "EXECUTION_FAILED",
            ErrorCode::InvalidConfig => "INVALID_CONFIG",
            ErrorCode::ResultMissing => "RESULT_MISSING",
            ErrorCode::NotTracked => "NOT_TRACKED",
            ErrorCode::Failed => "FAILED",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The HTTP status an error with this code is answered with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::InvalidRequest => 400,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Forbidden => 403,
            ErrorCode::TooManyJobs | ErrorCode::RateLimited | ErrorCode::TooManyStreams => 429,
            ErrorCode::Unavailable | ErrorCode::DatabaseUnavailable => 503,
            ErrorCode::ServerRestarted
            | ErrorCode::WorkerLost
            | ErrorCode::ExecutionFailed
            | ErrorCode::InvalidConfig
            | ErrorCode::ResultMissing
            | ErrorCode::NotTracked
            | ErrorCode::Failed => 500,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn wire_names_round_trip_and_match_serde() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(ErrorCode::parse("NOPE"), None);
    }
}
