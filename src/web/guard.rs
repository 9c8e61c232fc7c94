//! The door of every state-changing API call, for REST and server functions alike.
//!
//! A cross-site HTML form can send `text/plain`, `multipart/form-data` or
//! `application/x-www-form-urlencoded` with the visitor's cookies; it cannot send
//! `application/json` (that needs a CORS preflight, which the portal never grants). So:
//! - a REST call with a body must say `application/json` (else 415);
//! - a server function takes JSON, or the URL-encoded form the app's own client and its no-JS
//!   forms send — but never from another site (`Sec-Fetch-Site`, else `Origin` against the
//!   host: 403); `text/plain` and multipart are 415;
//! - a server function's malformed arguments are a 400 with the API's `{error, code, fields}`
//!   body (after `ServerError|`, the server functions' error encoding, as their other errors),
//!   never a 500 carrying the parser's words.

use crate::service::ServiceError;
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{collections::HashSet, sync::OnceLock};

/// Largest server-function error body read back to be rewritten.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The middleware.
pub async fn refuse_hostile(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !path.starts_with("/api/") || !changes_state {
        return next.run(req).await;
    }
    let server_fn = is_server_fn(path);
    if let Err(e) = admit(req.headers(), server_fn) {
        return e.into_response();
    }
    let res = next.run(req).await;
    if server_fn && res.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return rewrite_argument_error(res).await;
    }
    res
}

/// True for a registered server function's path.
fn is_server_fn(path: &str) -> bool {
    static PATHS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    PATHS
        .get_or_init(|| {
            leptos::server_fn::axum::server_fn_paths()
                .map(|(p, _)| p)
                .collect()
        })
        .contains(path)
}

/// Whether a state-changing request may proceed.
pub fn admit(headers: &HeaderMap, server_fn: bool) -> Result<(), ServiceError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    let json = media
        .as_deref()
        .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if json {
        return Ok(());
    }
    if cross_site(headers) {
        return Err(ServiceError::Forbidden(
            "cross-site requests cannot change anything here".into(),
        ));
    }
    let has_body = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.trim() != "0")
        && (headers.contains_key(header::CONTENT_LENGTH)
            || headers.contains_key(header::TRANSFER_ENCODING));
    match media.as_deref() {
        None if !has_body => Ok(()),
        Some("application/x-www-form-urlencoded") if server_fn => Ok(()),
        Some(m) => Err(ServiceError::UnsupportedMediaType(format!(
            "content type '{m}' is not accepted: send application/json"
        ))),
        None => Err(ServiceError::UnsupportedMediaType(
            "a body needs the content type application/json".into(),
        )),
    }
}

/// A request a browser made for another site (see [`super::origin::same_origin`]).
fn cross_site(headers: &HeaderMap) -> bool {
    !super::origin::same_origin(headers)
}

/// A server function's 500 for arguments it could not read becomes the API's 400; other
/// responses pass unchanged.
async fn rewrite_argument_error(res: Response) -> Response {
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return ServiceError::field("body", "the request could not be read").into_response();
    };
    let text = String::from_utf8_lossy(&bytes);
    let kind = text.split_once('|').map(|(k, _)| k).unwrap_or_default();
    if matches!(kind, "Deserialization" | "Args" | "MissingArg" | "Request") {
        let e = ServiceError::field(
            "body",
            "not valid arguments for this call: send a JSON object of its arguments",
        );
        // In the server functions' own error encoding, which the app's client reads.
        return (
            crate::web::error::status(&e),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("ServerError|{}", e.body()),
        )
            .into_response();
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_json_or_the_apps_own_forms_pass() {
        let json = headers(&[("content-type", "application/json; charset=utf-8")]);
        assert!(admit(&json, false).is_ok());
        let plain = headers(&[("content-type", "text/plain"), ("content-length", "12")]);
        assert!(matches!(
            admit(&plain, false),
            Err(ServiceError::UnsupportedMediaType(_))
        ));
        assert!(admit(&plain, true).is_err());
        let form = headers(&[
            ("content-type", "application/x-www-form-urlencoded"),
            ("origin", "http://portal.test"),
            ("host", "portal.test"),
        ]);
        assert!(admit(&form, true).is_ok(), "the app's own form");
        assert!(admit(&form, false).is_err(), "REST takes JSON only");
        let evil = headers(&[
            ("content-type", "application/x-www-form-urlencoded"),
            ("origin", "https://evil.test"),
            ("host", "portal.test"),
        ]);
        assert!(matches!(
            admit(&evil, true),
            Err(ServiceError::Forbidden(_))
        ));
        let fetch = headers(&[
            ("content-type", "text/plain"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(matches!(
            admit(&fetch, true),
            Err(ServiceError::Forbidden(_))
        ));
        assert!(admit(&headers(&[("content-length", "0")]), false).is_ok());
        assert!(admit(&HeaderMap::new(), false).is_ok(), "no body at all");
        assert!(admit(&headers(&[("content-length", "5")]), false).is_err());
    }
}
