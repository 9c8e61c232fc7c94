//! The site's files (`site-root`: the fingerprinted WASM/JS/CSS under `pkg/`, and `public/`'s
//! files), with what a file server owes a browser: the `.br`/`.gz` twin written by
//! `cargo leptos build --release --precompress` when the request accepts it, `Last-Modified`
//! and `304 Not Modified`, ranges. A path that is no file is the app's 404 page.

use super::AppState;
use crate::{app::shell, web::security::provide_request_nonce};
use axum::{handler::Handler, routing::MethodRouter};
use tower_http::services::ServeDir;

/// The fallback of the router: a file of the site, or the 404 page.
pub fn files(state: &AppState) -> MethodRouter {
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        provide_request_nonce,
        shell,
    )
    .with_state(state.clone());
    let dir = ServeDir::new(&*state.leptos.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found);
    axum::routing::any_service(dir)
}
