//! Who is calling: the extractor behind per-user ownership and per-client caps.

use crate::service::simulations::Caller;
use axum::{extract::ConnectInfo, http::request::Parts};
use std::{convert::Infallible, net::SocketAddr};

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Caller {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let client = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        // Users arrive with sessions (persistence issue); until then every caller is anonymous.
        Ok(Caller {
            user_id: None,
            client,
        })
    }
}
