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
