//! `/simulate`: the quick-sim form (filled in by the jobs and UI issues).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The simulation form page.
#[component]
pub fn SimulatePage() -> impl IntoView {
    view! {
        <Title text="Simulate" />
        <div class="page-head">
            <h1>"Quick Sim"</h1>
            <A href="/simulate/history" attr:class="btn">"View Previous"</A>
        </div>
        <p class="muted">"The simulation form arrives with the jobs API."</p>
    }
}
