//! Share links: the owner of a completed result creates read-only links to it and revokes them;
//! anyone holding a live link reads the result ([`open`]) without a session. A link's token is
//! 256 random bits, shown once at creation and stored only as its SHA-256, so every call to
//! [`create`] mints a new, independently revocable link. Someone else's job, an unknown, revoked
//! or malformed token are all "not found", whoever asks.

use crate::{
    model::{
        is_share_token, paths, JobStatus, ShareLink, ShareStatus, SharedResult,
        MAX_SHARES_PER_PLAYER,
    },
    service::{simulations, Caller, ServiceError, Services},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};

/// Creates a new read-only link to the caller's completed job (409 before it has completed,
/// and when the caller already has [`MAX_SHARES_PER_PLAYER`] live links).
pub async fn create(
    services: &Services,
    caller: &Caller,
    job_id: &str,
) -> Result<ShareLink, ServiceError> {
    let (owner, result_id) = owned_result(services, caller, job_id).await?;
    let token = new_token()?;
    if !services
        .db
        .insert_share(&digest(&token), &result_id, &owner, MAX_SHARES_PER_PLAYER)
        .await?
    {
        return Err(ServiceError::Conflict(format!(
            "you already have {MAX_SHARES_PER_PLAYER} live share links; revoke some first"
        )));
    }
    tracing::info!("share link created");
    Ok(ShareLink {
        url: paths::share_page(&token),
        token,
    })
}

/// Revokes one of the caller's links: from now on it opens nothing.
pub async fn revoke(services: &Services, caller: &Caller, token: &str) -> Result<(), ServiceError> {
    let revoked = match (&caller.user_id, is_share_token(token)) {
        (Some(owner), true) => services.db.revoke_share(&digest(token), owner).await?,
        _ => false,
    };
    if revoked {
        tracing::info!("share link revoked");
        Ok(())
    } else {
        Err(link_not_found())
    }
}

/// Revokes every live link to the caller's job; how many there were.
pub async fn revoke_all(
    services: &Services,
    caller: &Caller,
    job_id: &str,
) -> Result<u64, ServiceError> {
    let record = simulations::owned(services, caller, job_id).await?;
    match (record.result_id, &caller.user_id) {
        (Some(result), Some(owner)) => Ok(services.db.revoke_result_shares(&result, owner).await?),
        _ => Ok(0),
    }
}

/// How many live links the caller's job has.
pub async fn status(
    services: &Services,
    caller: &Caller,
    job_id: &str,
) -> Result<ShareStatus, ServiceError> {
    let record = simulations::owned(services, caller, job_id).await?;
    let live = match (record.result_id, &caller.user_id) {
        (Some(result), Some(owner)) => services.db.live_shares(&result, owner).await?,
        _ => 0,
    };
    Ok(ShareStatus {
        live: u32::try_from(live).unwrap_or(u32::MAX),
    })
}

/// The result a live link opens, for anyone: no owner, job, result or rotation id in it.
pub async fn open(services: &Services, token: &str) -> Result<SharedResult, ServiceError> {
    if !is_share_token(token) {
        return Err(link_not_found());
    }
    let Some((record, report, batch)) = services.db.shared_result(&digest(token)).await? else {
        return Err(link_not_found());
    };
    let report = serde_json::from_str(&report).map_err(|e| {
        tracing::warn!(error = %e, "a shared result's stored report does not parse");
        link_not_found()
    })?;
    let snapshot = simulations::snapshot(&record);
    let own = snapshot.as_ref().and_then(|s| s.character.clone());
    let character_is_default = own.is_none();
    let character = own.or_else(|| {
        let spec = snapshot.as_ref().map(|s| s.spec_id.as_str());
        let spec = services.catalog.get(spec.or(record.spec_id.as_deref())?)?;
        Some(spec.file.character.clone())
    });
    Ok(SharedResult {
        snapshot,
        character,
        character_is_default,
        rotation_name: record
            .rotation_name
            .unwrap_or_else(|| "Inline rotation".into()),
        class: record.rotation_class,
        spec: record.rotation_spec,
        fight_type: record.fight_type,
        duration: record.duration.max(0) as u32,
        iterations: record.iterations.max(0) as u32,
        completed_at: record.completed_at,
        report,
        batch: batch.and_then(|b| serde_json::from_str(&b).ok()),
    })
}

/// The caller's completed job's owner and result (404 for someone else's, 409 before it ends).
async fn owned_result(
    services: &Services,
    caller: &Caller,
    job_id: &str,
) -> Result<(String, String), ServiceError> {
    let record = simulations::owned(services, caller, job_id).await?;
    let not_done = || {
        ServiceError::Conflict(format!(
            "simulation '{job_id}' is {}; only a completed simulation can be shared",
            record.status.as_str()
        ))
    };
    if record.status != JobStatus::Completed {
        return Err(not_done());
    }
    match (record.result_id.clone(), caller.user_id.clone()) {
        (Some(result), Some(owner)) => Ok((owner, result)),
        _ => Err(not_done()),
    }
}

fn link_not_found() -> ServiceError {
    ServiceError::not_found("share link")
}

/// A new token: 32 bytes from the operating system's generator, unpadded base64url (43 chars).
fn new_token() -> Result<String, ServiceError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| {
        ServiceError::Unavailable("no randomness available for a share link".into())
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What is stored of a token: its SHA-256 in hex.
fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_url_safe_and_distinct() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert!(is_share_token(&a) && is_share_token(&b), "{a} {b}");
        assert!(!is_share_token(&a[1..]) && !is_share_token(&format!("{}!", &a[1..])));
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), a);
    }
}
