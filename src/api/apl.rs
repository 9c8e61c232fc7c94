//! `POST /api/apl/check`: a thin adapter over `service::rotations::check_apl`.

use crate::{
    model::{AplCheckRequest, AplCheckResult, ErrorBody},
    service::{rotations, ServiceError, Services},
    web,
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, State},
    Json,
};

/// `POST /api/apl/check {specId, apl}` → `{ok, errors, actions}`; 400 naming a bad field.
#[utoipa::path(
    post,
    path = "/api/apl/check",
    tag = "rotations",
    summary = "Check a rotation text",
    description = "Compiles an APL text against a spec and lists every error (line, column, \
        message, hint) and every action as written. Nothing is stored.",
    request_body = AplCheckRequest,
    responses(
        (status = 200, description = "The check's findings (`ok` is false when the text has errors)", body = AplCheckResult),
        (status = 400, description = "Malformed body, unknown `specId` or an `apl` over 64 KiB", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
    )
)]
pub async fn check(
    State(services): State<Services>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AplCheckResult>, ServiceError> {
    let req: AplCheckRequest = web::body::json(body, rotations::MAX_APL_BODY_BYTES)?;
    Ok(Json(rotations::check_apl(&services, &req)?))
}
