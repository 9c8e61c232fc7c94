//! `POST /api/apl/check`: a thin adapter over `service::rotations::check_apl`.

use crate::{
    model::{AplCheckRequest, AplCheckResult},
    service::{rotations, ServiceError, Services},
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
    let req: AplCheckRequest = web::body::json(body, rotations::MAX_APL_BODY_BYTES)?;
    Ok(Json(rotations::check_apl(&services, &req)?))
}
