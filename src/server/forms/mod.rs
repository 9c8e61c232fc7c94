//! The HTML forms that work without JavaScript. Thin adapters like the REST handlers: a form's
//! values go through the same validation and the same service calls as the app's; success is a
//! 303 to the page that shows the outcome, and a refused form is its page again (the values
//! kept, each error at its field) or, for a one-button form, the page it came from with a
//! sentence saying why ([`FormAction`]).
//!
//! - `simulate`: the quick-sim form (`POST /simulate`).
//! - `job`: a job's cancel confirmation, retry, sim again and share.
//! - `rotation`: save a new or an existing rotation, fork one.

mod job;
mod rotation;
mod simulate;

pub use job::{again, cancel, retry, share};
pub use rotation::{create_rotation, fork_rotation, update_rotation};
pub use simulate::simulate;

use super::AppState;
use crate::{
    app::shell,
    model::{ErrorCode, FormAction},
    service::ServiceError,
    web,
};
use axum::{
    body::Body,
    http::{request::Parts, Request, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::BTreeMap;

/// The fields of a posted form body of at most `limit` bytes (a body too large is a 413).
async fn read_pairs(body: Body, limit: usize) -> Result<Vec<(String, String)>, Response> {
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response())?;
    Ok(serde_urlencoded::from_bytes(&bytes).unwrap_or_default())
}

/// A form posted from another site.
fn cross_site() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Forms are accepted from this portal's own pages only.",
    )
        .into_response()
}

/// A refusal as a form shows it: bad fields at their fields, or anything else (the rate
/// limit, a full queue, an outage) as one message.
fn split_error(e: &ServiceError) -> (BTreeMap<String, String>, Option<String>) {
    match e {
        ServiceError::Invalid { fields, .. } if !fields.is_empty() => (fields.clone(), None),
        _ => (
            Default::default(),
            e.body()["error"].as_str().map(str::to_string),
        ),
    }
}

/// Back to `page` with the sentence for `action` refused with `code`.
fn refused(page: &str, action: FormAction, code: ErrorCode) -> Response {
    let sep = if page.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{page}{sep}refused={}", action.refusal(code))).into_response()
}

/// The page the request `parts` asks for, rendered with `echo` in its context (the page reads
/// it to show a refused form again), answered with `status` and `headers`.
async fn render_with<T>(
    state: AppState,
    parts: Parts,
    echo: T,
    status: StatusCode,
    headers: Vec<(&'static str, String)>,
) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    let leptos = state.leptos.clone();
    let context = move || {
        leptos::prelude::provide_context(state.clone());
        leptos::prelude::provide_context(state.services.clone());
        leptos::prelude::provide_context(echo.clone());
        web::security::provide_request_nonce();
    };
    let render = leptos_axum::render_app_async_with_context(context, move || shell(leptos.clone()));
    let mut res = render(Request::from_parts(parts, Body::empty())).await;
    *res.status_mut() = status;
    web::add_headers(res.headers_mut(), headers);
    res
}
