//! Share links: the answer to creating one, what the owner's page knows of a result's links,
//! and the read-only result a link opens ([`SharedResult`]), which carries no id of the owner,
//! the job, the result or the rotation.

use super::JobSnapshot;
use serde::{Deserialize, Serialize};

/// Live share links one player may have at once.
pub const MAX_SHARES_PER_PLAYER: i64 = 500;

/// `201` answer to `POST /api/simulations/{id}/share`: the token and the page it opens
/// (`/s/{token}`, relative to the portal as `streamUrl` is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ShareLink {
    /// The secret of the link: 43 URL-safe characters (256 random bits).
    pub token: String,
    /// The read-only page, `/s/{token}`.
    pub url: String,
}

/// What the owner's results page knows of a result's share links (the tokens themselves are
/// stored hashed, so only a link just created can be shown again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ShareStatus {
    /// Links to the result that still open it.
    pub live: u32,
}

/// Answer to `DELETE /api/simulations/{id}/share`: how many live links were revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SharesRevoked {
    /// Links that opened the result until now.
    pub revoked: u64,
}

/// A result as a share link shows it to anyone: the report, what ran and the fight's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SharedResult {
    /// The rotation's name when it ran (e.g. "My APL").
    pub rotation_name: String,
    /// Class, e.g. "Mage".
    pub class: Option<String>,
    /// Spec, e.g. "Fire".
    pub spec: Option<String>,
    /// Fight style (`patchwerk`, `movement`, `aoe`).
    pub fight_type: String,
    /// Requested fight length, seconds.
    pub duration: u32,
    /// Requested iterations.
    pub iterations: u32,
    /// When the simulation finished (RFC 3339, UTC).
    pub completed_at: Option<String>,
    /// Exactly what ran: APL text, spec and data version, character, seed, targets.
    pub snapshot: Option<JobSnapshot>,
    /// The character's stats as simulated: the snapshot's, or the spec's defaults when the
    /// snapshot has none (`characterIsDefault`).
    pub character: Option<rotasim_engine::Character>,
    /// Whether [`SharedResult::character`] is the spec's default character.
    pub character_is_default: bool,
    /// The full report (a batch: its baseline's).
    pub report: rotasim_engine::SimReport,
    /// A batch's ranked variants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<super::BatchResult>,
}

impl SharedResult {
    /// "Fire Mage — My APL" (the spec's display name, then the rotation's).
    pub fn heading(&self) -> String {
        let spec = [self.spec.as_deref(), self.class.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        // Built-ins are named after their spec already ("Fire Mage — Default").
        if spec.is_empty() || self.rotation_name.starts_with(&spec) {
            self.rotation_name.clone()
        } else {
            format!("{spec} — {}", self.rotation_name)
        }
    }

    /// "Patchwerk", "Movement", "AoE, 5 targets".
    pub fn fight_label(&self) -> String {
        match self.fight_type.as_str() {
            "aoe" => format!("AoE, {} targets", self.report.targets),
            other => {
                let mut c = other.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        }
    }
}

/// Whether `token` has the shape of a share token (43 base64url characters); anything else is
/// "not found" without a database look-up.
pub fn is_share_token(token: &str) -> bool {
    token.len() == SHARE_TOKEN_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Characters of a share token: 32 bytes in unpadded base64url.
pub const SHARE_TOKEN_LEN: usize = 43;
