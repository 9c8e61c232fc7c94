//! The [`Caller`] extractor: the session's user profile and the client's address; a new
//! profile is attached to the session through [`SessionLink`].

use super::client_ip::ClientIp;
use crate::service::{Caller, ProfileLink, ServiceError};
use axum::extract::FromRequestParts;
use axum::{extract::ConnectInfo, http::request::Parts};
use std::{net::SocketAddr, sync::Arc};
use tower_sessions::Session;

/// How long a session lives without a visit: the browser's history is tied to it, so this is
/// as long as browsers keep cookies (400 days).
pub const SESSION_DAYS: i64 = 400;
/// A session last saved this many days ago is saved again (extending it) on the next visit.
const REFRESH_DAYS: i64 = 30;
/// The session key holding the caller's user profile id.
pub const USER_KEY: &str = "user_id";
/// The session key holding the day (since the epoch) the session was last extended.
const REFRESHED_KEY: &str = "refreshed_day";

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let client = match parts.extensions.get::<ClientIp>() {
            Some(ip) => ip.0.to_string(),
            None => parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "unknown".into()),
        };
        let session = Session::from_request_parts(parts, state).await.ok();
        let mut user_id = None;
        if let Some(s) = &session {
            // During a known outage a caller is not looked up at all: the answer is an
            // immediate 503 instead of a wait for the pool.
            if parts
                .extensions
                .get::<crate::db::Db>()
                .is_some_and(|db| !db.health().is_up())
            {
                return Err(ServiceError::database_unavailable());
            }
            let store = |e: tower_sessions::session::Error| {
                tracing::warn!(error = %e, "session could not be read");
                ServiceError::database_unavailable()
            };
            user_id = s.get::<String>(USER_KEY).await.map_err(store)?;
            // Saving the session extends its life; do it about once a month, not per request.
            let today = time::OffsetDateTime::now_utc().unix_timestamp() / 86_400;
            let refreshed = s.get::<i64>(REFRESHED_KEY).await.map_err(store)?;
            if user_id.is_some() && refreshed.is_none_or(|d| today - d >= REFRESH_DAYS) {
                s.insert(REFRESHED_KEY, today).await.map_err(store)?;
            }
        }
        Ok(Caller {
            user_id,
            client,
            link: session.map(|s| Arc::new(SessionLink(s)) as Arc<dyn ProfileLink>),
        })
    }
}

/// A caller's session, where their new profile is remembered.
#[derive(Debug, Clone)]
pub struct SessionLink(pub Session);

#[async_trait::async_trait]
impl ProfileLink for SessionLink {
    /// Stores the profile id and cycles the session id (a new identity gets a new cookie).
    async fn attach(&self, user_id: &str) -> Result<(), String> {
        self.0
            .insert(USER_KEY, user_id)
            .await
            .map_err(|e| e.to_string())?;
        self.0.cycle_id().await.map_err(|e| e.to_string())
    }
}
