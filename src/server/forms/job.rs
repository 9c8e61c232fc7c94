//! A job's one-button forms: the cancel confirmation, retry, sim again and share. Each redirects
//! (303) to the page that shows the outcome: the job's page, the new job's page, the new share
//! link's page; a refusal returns to the job's page with a sentence saying why.

use super::{cross_site, refused};
use crate::{
    model::{paths, FormAction},
    server::AppState,
    service::{shares, simulations, Caller, ServiceError},
    web::{self, origin::same_origin},
};
use axum::{
    extract::{FromRequestParts, Path, State},
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
};

/// `POST /simulate/results/{id}/cancel`: cancels the job and redirects (303) to its page, which
/// shows how it ended (also when it had already ended, or is not the caller's: a 404 page).
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut parts: Parts,
) -> Response {
    if !same_origin(&parts.headers) {
        return cross_site();
    }
    let outcome = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => simulations::cancel(&state.services, &caller, &id).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) | Err(ServiceError::NotFound(_) | ServiceError::Conflict(_)) => {
            Redirect::to(&paths::result_page(&id)).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /simulate/results/{id}/retry`: a failed or cancelled job again with a new seed; 303 to
/// the new job's page.
pub async fn retry(state: State<AppState>, id: Path<String>, parts: Parts) -> Response {
    start(state, id, parts, FormAction::Retry).await
}

/// `POST /simulate/results/{id}/again`: exactly what the job ran, again; 303 to the new job's
/// page.
pub async fn again(state: State<AppState>, id: Path<String>, parts: Parts) -> Response {
    start(state, id, parts, FormAction::Again).await
}

async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut parts: Parts,
    action: FormAction,
) -> Response {
    if !same_origin(&parts.headers) {
        return cross_site();
    }
    let started = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(mut caller) => match action {
            FormAction::Retry => simulations::retry(&state.services, &mut caller, &id).await,
            _ => simulations::again(&state.services, &mut caller, &id).await,
        },
        Err(e) => Err(e),
    };
    match started {
        Ok(s) => {
            let mut res = Redirect::to(&paths::result_page(&s.job.job_id)).into_response();
            if let Some(d) = &s.rate {
                web::add_headers(res.headers_mut(), d.headers());
            }
            res
        }
        Err(e) => refused(&paths::result_page(&id), action, e.code()),
    }
}

/// `POST /simulate/results/{id}/share`: a new read-only link to the caller's completed job; 303
/// to the link's page, marked as just made (its address is the link to copy).
pub async fn share(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut parts: Parts,
) -> Response {
    if !same_origin(&parts.headers) {
        return cross_site();
    }
    let made = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => shares::create(&state.services, &caller, &id).await,
        Err(e) => Err(e),
    };
    match made {
        Ok(link) => Redirect::to(&format!("{}?new=1", link.url)).into_response(),
        Err(e) => refused(&paths::result_page(&id), FormAction::Share, e.code()),
    }
}
