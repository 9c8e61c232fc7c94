//! Checking a rotation's text against its spec: the editor's `POST /api/apl/check` (every error,
//! nothing written) and the guard every save and inline submission passes.

use crate::{
    model::{AplCheckRequest, AplCheckResult},
    service::{specs, ServiceError, Services},
};
use rotasim_engine::{
    apl::{Apl, AplError, MAX_APL_BYTES},
    Spec,
};
use std::collections::BTreeMap;

/// Largest body carrying one rotation text: room for [`MAX_APL_BYTES`] with its JSON escapes
/// (a newline is two bytes, a quote two) and the other fields.
pub const MAX_APL_BODY_BYTES: usize = 2 * MAX_APL_BYTES + 16 * 1024;

/// Compiles `req.apl` against its spec and reports every error in text order and every action;
/// writes nothing. An unknown spec or a rotation over [`MAX_APL_BYTES`] is a 400 at its field.
pub fn check_apl(
    services: &Services,
    req: &AplCheckRequest,
) -> Result<AplCheckResult, ServiceError> {
    let spec = specs::find(services, "specId", &req.spec_id)?;
    if let Some(message) = size_error(&req.apl) {
        return Err(ServiceError::field("apl", message));
    }
    Ok(Apl::check(&req.apl, spec).into())
}

/// The problem with an APL text's size, if any.
pub fn size_error(apl: &str) -> Option<String> {
    (apl.len() > MAX_APL_BYTES).then(|| {
        format!(
            "the rotation is {} bytes; the limit is {MAX_APL_BYTES}",
            apl.len()
        )
    })
}

/// Checks `apl` for `spec` as a save or a submission must: a size problem goes into `fields` at
/// `apl`, compile errors are returned (all of them, in text order).
pub fn guard(spec: &Spec, apl: &str, fields: &mut BTreeMap<String, String>) -> Vec<AplError> {
    if let Some(message) = size_error(apl) {
        fields.insert("apl".into(), message);
        return Vec::new();
    }
    if apl.trim().is_empty() {
        fields.insert(
            "apl".into(),
            "the rotation is empty: write at least one actions line".into(),
        );
        return Vec::new();
    }
    Apl::check(apl, spec).errors
}
