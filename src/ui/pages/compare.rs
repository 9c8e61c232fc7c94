//! `/simulate/compare?ids=ID,ID[,…]`: 2–6 of the player's completed runs side by side — DPS
//! with the difference to the baseline (the first) and a verdict ([`dps`]), the overlaid
//! distributions, the settings with differences marked and APL diffs ([`settings`]), abilities
//! and stat weights ([`tables`]). The ids may also come as repeated `ids=` (the history's form
//! without the WASM).

mod dps;
mod settings;
mod tables;

use crate::{
    model::{paths, Comparison, ErrorCode},
    server_fns::compare_simulations,
    ui::{
        components::{
            chart::{Chart, Plot},
            http_status::NotFoundStatus,
            skeleton::{Loading, SkeletonBlock, SkeletonLines},
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use std::sync::Arc;

/// The comparison page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let ids = move || query.read().get_all("ids").unwrap_or_default().join(",");
    let comparison = Resource::new(ids, compare_simulations);
    view! {
        <Title text="Compare" />
        <div class="page-head">
            <div>
                <p class="eyebrow">"Compare"</p>
                <h1>"Compare simulations"</h1>
            </div>
            <A href=paths::HISTORY attr:class="btn">"Back to history"</A>
        </div>
        <Suspense fallback=|| view! { <CompareSkeleton /> }>
            {move || Suspend::new(async move {
                match comparison.await {
                    Ok(c) => view! { <CompareView comparison=Arc::new(c) /> }.into_any(),
                    Err(e) => view! { <CompareError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CompareSkeleton() -> impl IntoView {
    view! {
        <Loading label="Loading the comparison…">
            <SkeletonLines lines=4 />
            <SkeletonBlock height=280 />
        </Loading>
    }
}

/// Why there is no comparison, in words a player can act on.
#[component]
fn CompareError(error: ServerFnError) -> impl IntoView {
    let code = format::error_code(&error);
    let detail = format::error_fields(&error)
        .remove("ids")
        .unwrap_or_else(|| format::error_message(&error));
    let title = match code {
        Some(ErrorCode::InvalidRequest) => "Pick 2 to 6 simulations to compare",
        Some(ErrorCode::NotFound) => "Simulation not found",
        Some(ErrorCode::Conflict) => "Not every simulation has finished",
        _ => "The comparison could not be loaded",
    };
    view! {
        {(code == Some(ErrorCode::NotFound)).then(|| view! { <NotFoundStatus /> })}
        <section class="card error-card" role="alert" data-testid="compare-error">
            <h2>{title}</h2>
            <p>{detail}</p>
            <p class="help">"Tick the completed runs to compare in your history, then choose Compare."</p>
            <A href=paths::HISTORY attr:class="btn">"Open the history"</A>
        </section>
    }
}

/// A loaded comparison.
#[component]
fn CompareView(comparison: Arc<Comparison>) -> impl IntoView {
    let c = comparison;
    let names = run_names(&c);
    let distributions = c
        .runs
        .iter()
        .zip(&names)
        .map(|(r, n)| (n.clone(), r.histogram.clone()))
        .collect::<Vec<_>>();
    let baseline = names.first().cloned().unwrap_or_default();
    view! {
        <p class="lead compare-lead">
            {format!("{} runs against the baseline, ", c.runs.len())}
            <strong>{baseline}</strong>"."
        </p>
        <dps::DpsSummary comparison=c.clone() names=names.clone() />
        <section class="card compare-section" aria-labelledby="dist-title">
            <h2 id="dist-title">"DPS distributions"</h2>
            <Chart
                plot=Plot::Distributions(distributions)
                label="Line chart of each run's DPS distribution, as a share of its iterations"
            />
        </section>
        <settings::SettingsTable comparison=c.clone() names=names.clone() />
        <tables::AbilitiesTable comparison=c.clone() names=names.clone() />
        <tables::AplLinesTable comparison=c.clone() names=names.clone() />
        <tables::StatWeightsTable comparison=c names />
    }
    .into_any()
}

/// Short names for the runs' columns: "#1 name" (the baseline first).
fn run_names(c: &Comparison) -> Vec<String> {
    c.runs
        .iter()
        .enumerate()
        .map(|(i, r)| format!("#{} {}", i + 1, r.rotation_name))
        .collect()
}

/// The hint under a table that may be wider than a phone.
#[component]
fn ScrollHint() -> impl IntoView {
    view! { <p class="scroll-hint" aria-hidden="true">"Scroll sideways to see every run →"</p> }
}
