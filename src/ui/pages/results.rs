//! `/simulate/results/:id`: a job's live progress and report.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The results page.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <Title text="Results" />
        <h1>"Simulation " <code>{id}</code></h1>
        <p class="muted">"Live results arrive with the jobs API."</p>
    }
}
