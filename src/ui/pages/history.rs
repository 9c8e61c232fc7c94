//! `/simulate/history`: the user's simulations.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    view! {
        <Title text="History" />
        <h1>"Simulation History"</h1>
        <div class="empty-state">
            <p>"No simulations yet."</p>
            <A href="/simulate" attr:class="btn btn-primary">"Run your first simulation"</A>
        </div>
    }
}
