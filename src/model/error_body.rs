//! The JSON body of every API error.

use super::ErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `{error, code, fields?, errors?, retryAfter?}`: what every 4xx/5xx of the REST API carries
/// (and, after `ServerError|`, a server function's error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// What went wrong, in words.
    pub error: String,
    /// Machine-readable code; the HTTP status follows from it.
    pub code: ErrorCode,
    /// An invalid request: each bad field (`duration`, `variants[1].apl`, `body`, …) and its
    /// problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// An APL text that does not compile: every error, at its line and column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<rotasim_engine::apl::AplError>,
    /// Seconds to wait before trying again (429 and 503; also the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}
