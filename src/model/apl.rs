//! Checking a rotation's text against a spec (`POST /api/apl/check`): the request and the answer,
//! which carries the engine's own error and action types as they are.

use rotasim_engine::apl::{ActionSummary, AplCheck, AplError};
use serde::{Deserialize, Serialize};

/// `POST /api/apl/check` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AplCheckRequest {
    /// The spec the rotation is for (`GET /api/specs`).
    #[cfg_attr(feature = "ssr", schema(example = "fire_mage"))]
    pub spec_id: String,
    /// The rotation text (at most [`rotasim_engine::apl::MAX_APL_BYTES`]).
    #[cfg_attr(feature = "ssr", schema(example = "actions=fireball"))]
    pub apl: String,
}

/// What the check found: `ok` when there is no error, every error in text order (each with its
/// span `line, column, endLine, endColumn`, a message and maybe a hint), and every action read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AplCheckResult {
    /// No errors: the rotation compiles.
    pub ok: bool,
    /// Every error, in text order.
    pub errors: Vec<AplError>,
    /// Every action as written, in text order, the faulty ones included.
    pub actions: Vec<ActionSummary>,
}

impl From<AplCheck> for AplCheckResult {
    fn from(check: AplCheck) -> Self {
        AplCheckResult {
            ok: check.is_ok(),
            errors: check.errors,
            actions: check.actions,
        }
    }
}
