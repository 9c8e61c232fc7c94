//! The live part of a running job's page: phase (queued, running, reconnecting…), the progress
//! bar, "x / y iterations", and the running statistics of every 10 %.

use super::state::{Connection, JobState};
use crate::{
    model::JobStatus,
    ui::{components::stat_card::StatCard, format},
};
use leptos::prelude::*;

/// Progress bar, queue position, connection state and running statistics.
#[component]
pub fn LiveProgress(state: JobState) -> impl IntoView {
    let JobState {
        status,
        progress,
        partial,
        position,
        connection,
        ..
    } = state;
    let phase = move || match (connection.get(), status.get()) {
        (Connection::Lost, _) => "Connection lost — reload the page to try again".to_string(),
        (Connection::Reconnecting, _) => "Reconnecting…".to_string(),
        (_, JobStatus::Queued) => match position.get() {
            Some(p) => format!("Queued — position {p}"),
            None => "Queued".to_string(),
        },
        (Connection::Connecting, _) => "Connecting…".to_string(),
        _ => "Running".to_string(),
    };
    let pct = move || progress.with(|p| p.percentage);
    // With stat weights the bar counts every run's iterations (the base and one per stat), the
    // running statistics only the base run's: each says what it counts.
    let per_run = state.job.with_value(|j| j.iterations.max(1) as u64);
    let runs = move || progress.with(|p| p.total.div_ceil(per_run).max(1));
    // A batch's running statistics are its ranking, below.
    let batch = state.job.with_value(|j| j.variant_count > 0);
    view! {
        <section class="card live-card" aria-labelledby="live-title">
            <div class="live-head">
                <h2 id="live-title" data-testid="phase" aria-live="polite">{phase}</h2>
                <span class="live-count" data-testid="iterations">
                    {move || progress.with(|p| format!("{} / {} iterations", format::thousands(p.current as f64), format::thousands(p.total as f64)))}
                    {move || (runs() > 1 && !batch).then(|| format!(" over {} runs (base + stat weights)", runs()))}
                    " · "
                    <strong>{move || format!("{}%", pct())}</strong>
                </span>
            </div>
            <div
                class="progress"
                role="progressbar"
                aria-label="Simulation progress"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || pct().to_string()
                aria-valuetext=move || format!("{}%", pct())
            >
                <div class="progress-bar" style=move || format!("width: {}%", pct())></div>
            </div>
            <div class="stat-cards partial-cards" data-testid="partial" hidden=batch>
                {move || match partial.get() {
                    None => view! {
                        <p class="muted">"Running statistics appear at every 10 %."</p>
                    }.into_any(),
                    Some(p) => view! {
                        <StatCard label="Mean DPS" value=format::thousands(p.mean_dps) detail=format!("± {} ({})", format::thousands(p.error), format::pct(p.error_pct, 2)) big=true />
                        <StatCard label="Min DPS" value=format::thousands(p.min_dps) />
                        <StatCard label="Max DPS" value=format::thousands(p.max_dps) />
                        <StatCard
                            label="Iterations in these figures"
                            value=format::thousands(p.iterations as f64)
                            detail={ if runs() > 1 { "of the base run" } else { "" } }
                        />
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
