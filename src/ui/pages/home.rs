//! `/`: what Rotasim is, and the server status (a server-function round trip).

use crate::{model::paths, server_fns::get_portal_status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The landing page.
#[component]
pub fn HomePage() -> impl IntoView {
    let check = Action::new(|_: &()| get_portal_status());
    let result = check.value();
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"Simulate your rotation. Trust the numbers."</h1>
            <p class="lead">
                "Write or pick a rotation, a character and a fight. Rotasim checks your priority list as you type, runs thousands of iterations of a discrete-event fight and streams the results to you live."
            </p>
            <div class="hero-actions">
                <A href=paths::SIMULATE attr:class="btn btn-primary">"Start a simulation"</A>
                <A href=paths::ROTATIONS attr:class="btn">"Write a rotation"</A>
                <A href=paths::HISTORY attr:class="btn">"View Previous"</A>
            </div>
        </section>
        <section class="card status-card" aria-labelledby="status-title">
            <h2 id="status-title">"Server status"</h2>
            <button
                class="btn"
                data-testid="check-status"
                on:click=move |_| {
                    check.dispatch(());
                }
                disabled=move || check.pending().get()
            >
                {move || if check.pending().get() { "Checking…" } else { "Check database" }}
            </button>
            <p class="status-line" data-testid="status-result" aria-live="polite">
                {move || match result.get() {
                    None => String::new(),
                    Some(Ok(s)) => format!(
                        "Database {} · {} migrations applied · v{}",
                        s.database,
                        s.migrations,
                        s.version,
                    ),
                    Some(Err(e)) => format!("Error: {e}"),
                }}
            </p>
        </section>
    }
}
