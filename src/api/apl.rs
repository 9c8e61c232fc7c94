//! `POST /api/apl/check`: a thin adapter over `service::rotations::check_apl`.

use crate::{
    model::{AplCheckRequest, AplCheckResult},
    service::{json::parse_json, rotations, ServiceError, Services},
    web,
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, State},
    Json,
};

/// `POST /api/apl/check {specId, apl}` → `{ok, errors, actions}`; 400 naming a bad field.
pub async fn check(
    State(services): State<Services>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AplCheckResult>, ServiceError> {
    let max = rotations::MAX_CHECK_BODY_BYTES;
    let req: AplCheckRequest = parse_json(&web::body::bytes(body, max)?, max)?;
    Ok(Json(rotations::check_apl(&services, &req)?))
}
