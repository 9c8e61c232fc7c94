//! `/api/simulations` REST handlers: thin wrappers over `service::simulations`.

use crate::{
    model::{
        Comparison, CreateSimulationRequest, CreatedJob, ErrorBody, HistoryFilter, JobPage, JobView,
    },
    service::{
        simulations::{self, ExportFormat, MAX_BODY_BYTES},
        Caller, ServiceError, Services,
    },
    web::{self, add_headers, query::Query},
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

/// `POST /api/simulations` → 202 `{jobId, status, streamUrl}` with rate-limit headers, or 429.
#[utoipa::path(
    post,
    path = "/api/simulations",
    tag = "simulations",
    summary = "Submit a simulation",
    description = "One rotation (`rotationId`), an inline APL (`specId` + `apl`) or a batch of \
        2–12 `variants`, with the fight's settings (duration 30–900 s, iterations 1–50 000). \
        Counts against the submission rate limit (not when invalid).",
    request_body = CreateSimulationRequest,
    responses(
        (status = 202, description = "Queued", body = CreatedJob, headers(
            ("Location" = String, description = "The job's status resource, `/api/simulations/{jobId}`"),
            ("X-RateLimit-Limit" = u64, description = "Submissions allowed per window (absent when the limit is off)"),
            ("X-RateLimit-Remaining" = u64, description = "Submissions left in the window"),
            ("X-RateLimit-Reset" = u64, description = "Unix seconds when the next slot frees"),
        )),
        (status = 400, description = "Every bad field named in `fields` (and `errors` for an APL that does not compile); nothing is stored", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` (with `retryAfter`, `Retry-After` and the rate-limit headers) or `TOO_MANY_JOBS` (the caller's queue is full)", body = ErrorBody, headers(
            ("Retry-After" = u64, description = "Seconds to wait"),
        )),
        (status = 503, description = "`UNAVAILABLE` (queue full, shutting down) or `DATABASE_UNAVAILABLE`, with `retryAfter`", body = ErrorBody, headers(
            ("Retry-After" = u64, description = "Seconds to wait"),
        )),
    )
)]
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
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Jobs per page, 1–100 (default 20).
    limit: Option<String>,
    /// `nextCursor` of the previous page (with the same filters).
    cursor: Option<String>,
    /// The history's filters (documented as [`HistoryFilter`]'s parameters).
    #[serde(flatten)]
    #[param(ignore)]
    filter: HistoryFilter,
}

/// `GET /api/simulations?limit=&cursor=&spec=&rotation=&fight=&status=&from=&to=&q=` →
/// `{results, nextCursor}`.
#[utoipa::path(
    get,
    path = "/api/simulations",
    tag = "simulations",
    summary = "The caller's simulations, newest first",
    params(ListQuery, HistoryFilter),
    responses(
        (status = 200, description = "One page of jobs", body = JobPage),
        (status = 400, description = "A bad `limit`, `cursor` or filter, named in `fields`", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// 2–6 of the caller's completed job ids, comma-separated; the first is the baseline.
    ids: Option<String>,
}

/// `GET /api/simulations/compare?ids=ID,ID[,…]` → the comparison of 2–6 completed runs.
#[utoipa::path(
    get,
    path = "/api/simulations/compare",
    tag = "simulations",
    summary = "Compare 2–6 completed simulations",
    params(CompareQuery),
    responses(
        (status = 200, description = "The runs side by side, with differences to the baseline", body = Comparison),
        (status = 400, description = "Fewer than 2, more than 6, repeated or malformed ids (`fields.ids`)", body = ErrorBody),
        (status = 404, description = "A job that is not the caller's", body = ErrorBody),
        (status = 409, description = "A job that has not completed", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    get,
    path = "/api/simulations/{id}",
    tag = "simulations",
    summary = "A simulation's status, snapshot and, once completed, its report",
    params(("id" = String, Path, description = "The caller's job id")),
    responses(
        (status = 200, description = "The job", body = JobView),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn get(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ServiceError> {
    Ok(Json(simulations::get(&services, &caller, &id).await?))
}

/// `DELETE /api/simulations/{id}`: cancel (200), already finished (409).
#[utoipa::path(
    delete,
    path = "/api/simulations/{id}",
    tag = "simulations",
    summary = "Cancel a queued or running simulation",
    params(("id" = String, Path, description = "The caller's job id")),
    responses(
        (status = 200, description = "The cancelled job", body = JobView),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 409, description = "The job has already ended", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn cancel(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ServiceError> {
    Ok(Json(simulations::cancel(&services, &caller, &id).await?))
}

/// `POST /api/simulations/{id}/retry` → 202 with the new job (failed or cancelled only, else 409).
#[utoipa::path(
    post,
    path = "/api/simulations/{id}/retry",
    tag = "simulations",
    summary = "Run a failed or cancelled simulation again (new seed)",
    params(("id" = String, Path, description = "The caller's job id")),
    responses(
        (status = 202, description = "The new job, queued", body = CreatedJob, headers(
            ("Location" = String, description = "The new job's status resource"),
            ("X-RateLimit-Limit" = u64, description = "Submissions allowed per window (absent when the limit is off)"),
            ("X-RateLimit-Remaining" = u64, description = "Submissions left in the window"),
            ("X-RateLimit-Reset" = u64, description = "Unix seconds when the next slot frees"),
        )),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 409, description = "The job is neither failed nor cancelled", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` or `TOO_MANY_JOBS`", body = ErrorBody, headers(
            ("Retry-After" = u64, description = "Seconds to wait"),
        )),
        (status = 503, description = "`UNAVAILABLE` (queue full, shutting down) or `DATABASE_UNAVAILABLE`", body = ErrorBody, headers(
            ("Retry-After" = u64, description = "Seconds to wait"),
        )),
    )
)]
pub async fn retry(
    State(services): State<Services>,
    mut caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ServiceError> {
    Ok(accepted(
        simulations::retry(&services, &mut caller, &id).await?,
    ))
}

/// "Sim again": the same job, same seed (202).
#[utoipa::path(
    post,
    path = "/api/simulations/{id}/again",
    tag = "simulations",
    summary = "Run exactly this simulation again (same APL, character, fight and seed)",
    params(("id" = String, Path, description = "The caller's job id")),
    responses(
        (status = 202, description = "The new job, queued", body = CreatedJob, headers(
            ("Location" = String, description = "The new job's status resource"),
            ("X-RateLimit-Limit" = u64, description = "Submissions allowed per window (absent when the limit is off)"),
            ("X-RateLimit-Remaining" = u64, description = "Submissions left in the window"),
            ("X-RateLimit-Reset" = u64, description = "Unix seconds when the next slot frees"),
        )),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 409, description = "The job was stored by an incompatible version and cannot run again", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` or `TOO_MANY_JOBS`", body = ErrorBody, headers(
            ("Retry-After" = u64, description = "Seconds to wait"),
        )),
        (status = 503, description = "`UNAVAILABLE` (queue full, shutting down) or `DATABASE_UNAVAILABLE`", body = ErrorBody, headers(
            ("Retry-After" = u64, description = "Seconds to wait"),
        )),
    )
)]
pub async fn again(
    State(services): State<Services>,
    mut caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ServiceError> {
    Ok(accepted(
        simulations::again(&services, &mut caller, &id).await?,
    ))
}

/// Query of the export endpoint.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `json` (the default) or `csv`.
    #[param(example = "csv")]
    format: Option<String>,
}

/// `GET /api/simulations/{id}/export?format=json|csv` → a download of a completed simulation.
#[utoipa::path(
    get,
    path = "/api/simulations/{id}/export",
    tag = "simulations",
    summary = "Download a completed simulation as JSON or CSV",
    description = "JSON: the job with its full report. CSV: summary rows, then one row per \
        ability, one per priority-list line and one per decision of the sample fight.",
    params(("id" = String, Path, description = "The caller's job id"), ExportQuery),
    responses(
        (status = 200, description = "The file (`Content-Disposition: attachment`)",
            content(
                (JobView = "application/json"),
                (String = "text/csv"),
            ),
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"rotasim-SPEC-ID.EXT\"`"))),
        (status = 400, description = "An unknown `format`", body = ErrorBody),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 409, description = "The job has not completed", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
