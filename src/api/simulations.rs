//! `/api/simulations` REST handlers: thin wrappers over `service::simulations`.

use crate::{
    model::{Comparison, HistoryFilter, JobPage, JobView},
    service::{
        simulations::{self, ExportFormat, MAX_BODY_BYTES},
        Caller, ServiceError, Services,
    },
    web::{self, add_headers},
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
    State(services): State<Services>,
    mut caller: Caller,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ServiceError> {
    let req = simulations::parse_request(&web::body::bytes(body, MAX_BODY_BYTES)?)?;
    let submitted = simulations::submit(&services, &mut caller, &req).await?;
    Ok(accepted(submitted))
}

/// 202 with the job, `Location` of its status resource and its rate-limit headers.
fn accepted(s: simulations::Submitted) -> Response {
    let location = crate::model::paths::api_simulation(&s.job.job_id);
    let mut res = (
        StatusCode::ACCEPTED,
        [(axum::http::header::LOCATION, location)],
        Json(s.job),
    )
        .into_response();
    if let Some(d) = &s.rate {
        add_headers(res.headers_mut(), d.headers());
    }
    res
}

/// Query of `GET /api/simulations`: the page and the history's filters.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<String>,
    cursor: Option<String>,
    #[serde(flatten)]
    filter: HistoryFilter,
}

/// `GET /api/simulations?limit=&cursor=&spec=&rotation=&fight=&status=&from=&to=&q=` →
/// `{results, nextCursor}`.
pub async fn list(
    State(services): State<Services>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<JobPage>, ServiceError> {
    Ok(Json(
        simulations::list(
            &services,
            &caller,
            &q.filter,
            q.limit.as_deref(),
            q.cursor.as_deref(),
        )
        .await?,
    ))
}

/// Query of `GET /api/simulations/compare`.
#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    ids: Option<String>,
}

/// `GET /api/simulations/compare?ids=ID,ID[,…]` → the comparison of 2–6 completed runs.
pub async fn compare(
    State(services): State<Services>,
    caller: Caller,
    Query(q): Query<CompareQuery>,
) -> Result<Json<Comparison>, ServiceError> {
    Ok(Json(
        crate::service::compare::compare(&services, &caller, q.ids.as_deref().unwrap_or(""))
            .await?,
    ))
}

/// `GET /api/simulations/{id}`.
pub async fn get(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ServiceError> {
    Ok(Json(simulations::get(&services, &caller, &id).await?))
}

/// `DELETE /api/simulations/{id}`: cancel (200), already finished (409).
pub async fn cancel(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ServiceError> {
    Ok(Json(simulations::cancel(&services, &caller, &id).await?))
}

/// `POST /api/simulations/{id}/retry` → 202 with the new job (failed or cancelled only, else 409).
pub async fn retry(
    State(services): State<Services>,
    mut caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ServiceError> {
    Ok(accepted(
        simulations::retry(&services, &mut caller, &id).await?,
    ))
}

/// Query of the export endpoint.
/// "Sim again": the same job, same seed (202).
pub async fn again(
    State(services): State<Services>,
    mut caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ServiceError> {
    Ok(accepted(
        simulations::again(&services, &mut caller, &id).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
}

/// `GET /api/simulations/{id}/export?format=json|csv` → a download of a completed simulation.
pub async fn export(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ServiceError> {
    let format = ExportFormat::parse(q.format.as_deref())?;
    let file = simulations::export(&services, &caller, &id, format).await?;
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
