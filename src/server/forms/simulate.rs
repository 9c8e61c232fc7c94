//! `POST /simulate`: the quick-sim form. Its values go through the same validation as in the
//! browser ([`SimForm::request`]) and the same service call; success is a 303 to the job's
//! page, a refused form is the page again with the values kept and each error at its field.

use super::{cross_site, read_pairs, render_with, split_error, AppState};
use crate::{
    model::{paths, FormEcho, SimForm},
    service::{simulations, Caller, ServiceError},
    web::{self, origin::same_origin},
};
use axum::{
    body::Body,
    extract::{FromRequestParts, State},
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
    let pairs = match read_pairs(body, MAX_FORM_BYTES).await {
        Ok(p) => p,
        Err(res) => return res,
    };
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
        let (errors, message) = split_error(e);
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
        render_with(state, parts, self.echo, self.status, self.headers).await
    }
}
