//! Who is calling: their user profile (carried by their session) and their client address.

use super::ServiceError;
use crate::db::Db;
use std::sync::Arc;

/// Where a caller's new profile is remembered (the web layer's session); the service layer
/// attaches a profile through it without knowing what a session is.
#[async_trait::async_trait]
pub trait ProfileLink: Send + Sync + std::fmt::Debug {
    /// Remembers `user_id` as the caller's profile (and renews the session id).
    async fn attach(&self, user_id: &str) -> Result<(), String>;
}

/// The caller of a service function. A browser without a profile reads nothing (every job is
/// someone else's); its first job-creating call attaches a new anonymous profile.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user profile, when the session has one.
    pub user_id: Option<String>,
    /// Client key (IP address) for per-client caps.
    pub client: String,
    /// Where a new profile is attached; `None` for callers without a session.
    pub link: Option<Arc<dyn ProfileLink>>,
}

impl Caller {
    /// A caller without a session (scripts, tests of the service layer).
    pub fn anonymous(client: impl Into<String>) -> Caller {
        Caller {
            user_id: None,
            client: client.into(),
            link: None,
        }
    }

    /// The caller's profile id, creating an anonymous profile and attaching it to the session
    /// first when there is none.
    pub async fn ensure_user(&mut self, db: &Db) -> Result<String, ServiceError> {
        if let Some(id) = &self.user_id {
            return Ok(id.clone());
        }
        let id = db.create_user().await?;
        if let Some(link) = &self.link {
            link.attach(&id).await.map_err(|e| {
                tracing::warn!(error = %e, "session could not be saved");
                ServiceError::database_unavailable()
            })?;
        }
        tracing::info!(user_id = %id, "anonymous profile created");
        self.user_id = Some(id.clone());
        Ok(id)
    }

    /// Key of the submission rate limit: the profile the request arrived with, else the client
    /// address (so clients that drop their cookies share one window per address).
    pub fn rate_key(&self) -> String {
        match &self.user_id {
            Some(id) => format!("user:{id}"),
            None => format!("ip:{}", self.client),
        }
    }

    /// Key of the per-owner queue cap: the profile, else the client address.
    pub fn owner_key(&self) -> String {
        self.user_id
            .clone()
            .unwrap_or_else(|| format!("ip:{}", self.client))
    }
}
