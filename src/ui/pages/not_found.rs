//! The 404 page (served with status 404).

use crate::model::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Shown for any unknown path.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="not-found">
            <p class="big-number">"404"</p>
            <h1>"Page not found"</h1>
            <p class="muted">"There is nothing at this address."</p>
            <A href=paths::HOME attr:class="btn btn-primary">"Back to Rotasim"</A>
        </section>
    }
}
