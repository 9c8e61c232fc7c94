//! HTTP plumbing shared by the REST handlers ([`crate::api`]) and the Leptos server functions
//! ([`crate::server_fns`]): who the caller is (session and client address) and how a service
//! error and a rate-limit decision become a response.

pub mod body;
pub mod caching;
pub mod caller;
pub mod client_ip;
pub mod error;
pub mod guard;
pub mod origin;
pub mod query;
pub mod security;

use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// Adds `(name, value)` pairs (lower-case names) to `headers`, skipping unrepresentable values.
pub fn add_headers(headers: &mut HeaderMap, pairs: Vec<(&'static str, String)>) {
    for (name, value) in pairs {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    }
}
