//! Who is calling: their user profile (through the session cookie) and their client address.

use crate::{db::Db, error::AppError};
use tower_sessions::Session;

/// The session key holding the caller's user profile id.
pub const USER_KEY: &str = "user_id";

/// The caller of a service function. A browser without a profile reads nothing (every job is
/// someone else's); its first job-creating call attaches a new anonymous profile.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user profile, when the session has one.
    pub user_id: Option<String>,
    /// Client key (IP address) for per-client caps.
    pub client: String,
    /// The session, for attaching a profile.
    pub session: Option<Session>,
}

impl Caller {
    /// A caller without a session (scripts, tests of the service layer).
    pub fn anonymous(client: impl Into<String>) -> Caller {
        Caller {
            user_id: None,
            client: client.into(),
            session: None,
        }
    }

    /// The caller's profile id, creating an anonymous profile and attaching it to the session
    /// first when there is none. The session id is cycled when a profile is attached.
    pub async fn ensure_user(&mut self, db: &Db) -> Result<String, AppError> {
        if let Some(id) = &self.user_id {
            return Ok(id.clone());
        }
        let id = db.create_user().await?;
        if let Some(session) = &self.session {
            session
                .insert(USER_KEY, &id)
                .await
                .map_err(|e| AppError::Unavailable(format!("session store: {e}")))?;
            session
                .cycle_id()
                .await
                .map_err(|e| AppError::Unavailable(format!("session store: {e}")))?;
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
