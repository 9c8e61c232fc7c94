//! The [`Query`] extractor: a URL query as `T`, or the API's 400 naming the query (never axum's
//! plain-text rejection).

use crate::service::ServiceError;
use axum::{extract::FromRequestParts, http::request::Parts};

/// The request's query string deserialised as `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(Query)
            .map_err(|e| ServiceError::field("query", format!("cannot be read: {e}")))
    }
}
