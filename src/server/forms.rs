//! The HTML forms that work without JavaScript: the quick-sim form (`POST /simulate`) and the
//! cancel confirmation (`POST /simulate/results/{id}/cancel`). Thin adapters like the REST
//! handlers: the form's values go through the same validation as in the browser
//! ([`SimForm::request`]) and the same service calls; success is a 303 to the job's page, a
//! refused quick-sim form is its page again with the values kept and each error at its field.

use super::AppState;
use crate::{
    app::shell,
    model::{paths, FormEcho, SimForm},
    service::{simulations, Caller, ServiceError},
    web::{self, origin::same_origin},
};
use axum::{
    body::Body,
    extract::{FromRequestParts, Path, State},
    http::{request::Parts, Request, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

/// The largest form body read (the quick-sim form is a few hundred bytes).
const MAX_FORM_BYTES: usize = 16 * 1024;

/// `POST /simulate`: starts the job the form describes and redirects (303) to its page, or
/// renders the form again with what was wrong.
pub async fn simulate(State(state): State<AppState>, req: Request<Body>) -> Response {
    let (mut parts, body) = req.into_parts();
    if !same_origin(&parts.headers) {
        return cross_site();
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response();
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let form = SimForm::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let refused = match form.request(None) {
        Err(errors) => Refused {
            status: StatusCode::BAD_REQUEST,
            headers: Vec::new(),
            echo: FormEcho {
                form,
                errors,
                message: None,
            },
        },
        Ok(request) => {
            let submitted = match Caller::from_request_parts(&mut parts, &state).await {
                Ok(mut caller) => simulations::submit(&state.services, &mut caller, &request).await,
                Err(e) => Err(e),
            };
            match submitted {
                Ok(s) => {
                    let mut res = Redirect::to(&paths::result_page(&s.job.job_id)).into_response();
                    if let Some(d) = &s.rate {
                        web::add_headers(res.headers_mut(), d.headers());
                    }
                    return res;
                }
                Err(e) => Refused::of(form, &e),
            }
        }
    };
    refused.render(state, parts).await
}

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

fn cross_site() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Forms are accepted from this portal's own pages only.",
    )
        .into_response()
}

/// A quick-sim form the server did not run: the page again, with this status.
struct Refused {
    status: StatusCode,
    headers: Vec<(&'static str, String)>,
    echo: FormEcho,
}

impl Refused {
    /// `form` refused by the service: bad fields at their fields, anything else (the rate
    /// limit, a full queue, an outage) as the form's message.
    fn of(form: SimForm, e: &ServiceError) -> Refused {
        let (errors, message) = match e {
            ServiceError::Invalid { fields, .. } if !fields.is_empty() => (fields.clone(), None),
            _ => (
                Default::default(),
                e.body()["error"].as_str().map(str::to_string),
            ),
        };
        Refused {
            status: web::error::status(e),
            headers: e.headers(),
            echo: FormEcho {
                form,
                errors,
                message,
            },
        }
    }

    /// The `/simulate` page rendered for the request `parts` with the echo in its context.
    async fn render(self, state: AppState, parts: Parts) -> Response {
        let Refused {
            status,
            headers,
            echo,
        } = self;
        let leptos = state.leptos.clone();
        let context = move || {
            leptos::prelude::provide_context(state.clone());
            leptos::prelude::provide_context(state.services.clone());
            leptos::prelude::provide_context(echo.clone());
            web::security::provide_request_nonce();
        };
        let render =
            leptos_axum::render_app_async_with_context(context, move || shell(leptos.clone()));
        let mut res = render(Request::from_parts(parts, Body::empty())).await;
        *res.status_mut() = status;
        web::add_headers(res.headers_mut(), headers);
        res
    }
}
