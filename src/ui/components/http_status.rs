//! The HTTP status of a page rendered on the server, when it is not 200.

use leptos::prelude::*;

/// Answers 404 when the page is rendered on the server for something the caller cannot see.
#[component]
pub fn NotFoundStatus() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
}
