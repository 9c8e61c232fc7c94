//! `/api/simulations` REST handlers: thin wrappers over `service::simulations`.

use super::error::ApiError;
use crate::{
    model::{JobPage, JobView},
    service::simulations::{self, Caller, ExportFormat, MAX_BODY_BYTES},
    state::AppState,
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

/// `POST /api/simulations` → 202 `{jobId, status, streamUrl}` with rate-limit headers, or 429.
pub async fn create(
    State(state): State<AppState>,
    mut caller: Caller,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) => ApiError::PayloadTooLarge(MAX_BODY_BYTES),
        other => ApiError::field("body", other.body_text()),
    })?;
    let req = simulations::parse_request(&body)?;
    let submitted = simulations::submit(&state, &mut caller, &req).await?;
    Ok(accepted(submitted))
}

/// 202 with the job and its rate-limit headers.
fn accepted(s: simulations::Submitted) -> Response {
    let mut res = (StatusCode::ACCEPTED, Json(s.job)).into_response();
    if let Some(d) = &s.rate {
        super::rate_limit::apply(res.headers_mut(), d);
    }
    res
}

/// Query of `GET /api/simulations`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<String>,
    cursor: Option<String>,
}

/// `GET /api/simulations?limit=&cursor=` → `{results, nextCursor}`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<JobPage>, ApiError> {
    Ok(Json(
        simulations::list(&state, &caller, q.limit.as_deref(), q.cursor.as_deref()).await?,
    ))
}

/// `GET /api/simulations/{id}`.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ApiError> {
    Ok(Json(simulations::get(&state, &caller, &id).await?))
}

/// `DELETE /api/simulations/{id}`: cancel (200), already finished (409).
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ApiError> {
    Ok(Json(simulations::cancel(&state, &caller, &id).await?))
}

/// `POST /api/simulations/{id}/retry` → 202 with the new job (failed or cancelled only, else 409).
pub async fn retry(
    State(state): State<AppState>,
    mut caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(accepted(
        simulations::retry(&state, &mut caller, &id).await?,
    ))
}

/// Query of the export endpoint.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
}

/// `GET /api/simulations/{id}/export?format=json|csv` → a download of a completed simulation.
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let format = ExportFormat::parse(q.format.as_deref())?;
    let file = simulations::export(&state, &caller, &id, format).await?;
    let disposition = format!("attachment; filename=\"{}\"", file.filename);
    let mut res = file.body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
