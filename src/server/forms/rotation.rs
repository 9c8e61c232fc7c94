//! The rotation forms: save a new rotation (`POST /rotations/new`), save one of the player's
//! (`POST /rotations/{id}`), fork one (`POST /rotations/{id}/fork`). Saved: 303 to the
//! rotation's page. Refused: the page again with what was typed and each error at its field
//! ([`RotationEcho`]); a refused fork returns to the page it came from with a sentence.

use super::{cross_site, read_pairs, refused, render_with, split_error};
use crate::{
    model::{paths, ForkInput, FormAction, RotationEcho, RotationInput},
    server::AppState,
    service::{
        rotations::{self, MAX_APL_BODY_BYTES},
        Caller,
    },
    web::{self, origin::same_origin},
};
use axum::{
    body::Body,
    extract::{FromRequestParts, Path, State},
    http::{request::Parts, Request},
    response::{IntoResponse, Redirect, Response},
};

/// The largest rotation form read: the text URL-encoded (up to three bytes a character) and
/// the other fields.
const MAX_FORM_BYTES: usize = 3 * MAX_APL_BODY_BYTES + 16 * 1024;

/// `POST /rotations/new`.
pub async fn create_rotation(State(state): State<AppState>, req: Request<Body>) -> Response {
    save(state, req, None).await
}

/// `POST /rotations/{id}`.
pub async fn update_rotation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request<Body>,
) -> Response {
    save(state, req, Some(id)).await
}

async fn save(state: AppState, req: Request<Body>, id: Option<String>) -> Response {
    let (mut parts, body) = req.into_parts();
    if !same_origin(&parts.headers) {
        return cross_site();
    }
    let pairs = match read_pairs(body, MAX_FORM_BYTES).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let input = RotationInput::from_form(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let saved = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(mut caller) => match &id {
            Some(id) => rotations::update(&state.services, &caller, id, &input).await,
            None => rotations::create(&state.services, &mut caller, &input).await,
        },
        Err(e) => Err(e),
    };
    match saved {
        Ok(r) => Redirect::to(&paths::rotation_page(&r.id)).into_response(),
        Err(e) => {
            let (errors, message) = split_error(&e);
            let echo = RotationEcho {
                input,
                errors,
                message,
            };
            render_with(state, parts, echo, web::error::status(&e), e.headers()).await
        }
    }
}

/// `POST /rotations/{id}/fork`: a copy of the rotation for the caller; 303 to the copy.
pub async fn fork_rotation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut parts: Parts,
) -> Response {
    if !same_origin(&parts.headers) {
        return cross_site();
    }
    let forked = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(mut caller) => {
            rotations::fork(&state.services, &mut caller, &id, &ForkInput::default()).await
        }
        Err(e) => Err(e),
    };
    match forked {
        Ok(r) => Redirect::to(&paths::rotation_page(&r.id)).into_response(),
        Err(e) => refused(&paths::rotation_page(&id), FormAction::Fork, e.code()),
    }
}
