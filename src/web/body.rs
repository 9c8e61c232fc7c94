//! A request body as the REST handlers take it: the bytes, or the error a body that could not
//! be read (over the route's limit) is.

use crate::service::ServiceError;
use axum::{body::Bytes, extract::rejection::BytesRejection};

/// The body's bytes; a body over the route's limit of `max_bytes` is 413, any other failure a
/// 400 at `body`.
pub fn bytes(body: Result<Bytes, BytesRejection>, max_bytes: usize) -> Result<Bytes, ServiceError> {
    body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) => ServiceError::PayloadTooLarge(max_bytes),
        other => ServiceError::field("body", other.body_text()),
    })
}

/// A JSON body of at most `max_bytes` as `T` (see [`crate::service::json::parse_json`]).
pub fn json<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    max_bytes: usize,
) -> Result<T, ServiceError> {
    crate::service::json::parse_json(&bytes(body, max_bytes)?, max_bytes)
}

/// Like [`json`], but an empty body is `T::default()` (for optional bodies).
pub fn json_or_default<T: serde::de::DeserializeOwned + Default>(
    body: Result<Bytes, BytesRejection>,
    max_bytes: usize,
) -> Result<T, ServiceError> {
    let raw = bytes(body, max_bytes)?;
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    crate::service::json::parse_json(&raw, max_bytes)
}
