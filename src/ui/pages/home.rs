//! `/`: what Rotasim does for a player, the specs it simulates (each a click from a simulation
//! of its built-in rotation), and the player's own recent runs.

use crate::{
    model::{paths, HistoryFilter, JobStatus, JobView, Rotation},
    server_fns::{list_rotations, list_simulations, list_specs},
    ui::{
        components::{
            skeleton::{SkeletonBlock, SkeletonLines},
            status::StatusBadge,
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use rotasim_engine::SpecSummary;

/// How many recent runs the home page lists.
const RECENT: u32 = 5;

/// The landing page.
#[component]
pub fn HomePage() -> impl IntoView {
    let specs = Resource::new(
        || (),
        |_| async move {
            let specs = list_specs().await?;
            let builtins = list_rotations(None).await?;
            Ok::<_, ServerFnError>((specs, builtins))
        },
    );
    let recent = Resource::new(
        || (),
        |_| list_simulations(HistoryFilter::default(), Some(RECENT), None),
    );
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"Simulate your rotation. Trust the numbers."</h1>
            <p class="lead">
                "Write or pick a rotation, a character and a fight. Rotasim checks your priority list as you type, runs thousands of iterations of a discrete-event fight and streams the results to you live."
            </p>
            <div class="hero-actions">
                <A href=paths::SIMULATE attr:class="btn btn-primary btn-large">"Start a simulation"</A>
                <A href=paths::ROTATIONS attr:class="btn">"Write a rotation"</A>
            </div>
        </section>
        <section class="home-points" aria-label="What Rotasim does">
            <div class="card">
                <h2>"Edit, simulate, understand"</h2>
                <p class="muted">"Every result counts each priority-list line, shows the sample fight decision by decision, and says why a line was skipped: on cooldown, short of resource, or which condition was false."</p>
            </div>
            <div class="card">
                <h2>"Compare with certainty"</h2>
                <p class="muted">"Run up to twelve variants on the same random numbers and get a ranking with 95 % intervals and a verdict for each difference, not just two averages."</p>
            </div>
            <div class="card">
                <h2>"Keep and share"</h2>
                <p class="muted">"Every run lands in your history. Export it as JSON or CSV, or share a read-only link anyone can open."</p>
            </div>
        </section>
        <section aria-labelledby="specs-title">
            <h2 id="specs-title">"Specs"</h2>
            <Suspense fallback=|| view! { <SkeletonBlock height=140 /> }>
                {move || Suspend::new(async move {
                    match specs.await {
                        Ok((specs, rotations)) => view! { <SpecCards specs rotations /> }.into_any(),
                        Err(e) => view! { <p class="muted" role="alert">{format::error_message(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section aria-labelledby="recent-title" class="home-recent">
            <div class="section-head">
                <h2 id="recent-title">"Your recent runs"</h2>
                <A href=paths::HISTORY attr:class="btn btn-small">"All history"</A>
            </div>
            <Suspense fallback=|| view! { <SkeletonLines lines=3 /> }>
                {move || Suspend::new(async move {
                    match recent.await {
                        Ok(page) if page.results.is_empty() => view! {
                            <p class="muted" data-testid="no-recent">"No runs yet: start a simulation and it appears here."</p>
                        }.into_any(),
                        Ok(page) => view! { <RecentRuns jobs=page.results /> }.into_any(),
                        Err(e) => view! { <p class="muted" role="alert">{format::error_message(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One card a spec: what it is, and a simulation of its built-in rotation.
#[component]
fn SpecCards(specs: Vec<SpecSummary>, rotations: Vec<Rotation>) -> impl IntoView {
    view! {
        <ul class="spec-cards" data-testid="spec-cards">
            {specs
                .into_iter()
                .map(|s| {
                    let builtin = rotations.iter().find(|r| r.builtin && r.spec_id == s.id);
                    let simulate = builtin.map_or_else(
                        || paths::SIMULATE.to_string(),
                        |r| paths::simulate_rotation(&r.id),
                    );
                    let label = format!("Simulate {}", s.name);
                    view! {
                        <li class="card spec-card">
                            <h3>{s.name.clone()}</h3>
                            <p class="muted spec-meta">{format!("{} · {}", s.class, format::capitalize(&s.resource))}{s.has_pet.then_some(" · pet")}</p>
                            <p class="spec-description">{s.description.clone()}</p>
                            <A href=simulate attr:class="btn btn-small" attr:aria-label=label>"Simulate"</A>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The player's newest runs: what, when, how it ended.
#[component]
fn RecentRuns(jobs: Vec<JobView>) -> impl IntoView {
    let now = format::now_secs();
    view! {
        <ul class="recent-runs" data-testid="recent-runs">
            {jobs
                .into_iter()
                .map(|j| {
                    let name = j.rotation_name.clone().unwrap_or_else(|| "Simulation".into());
                    let dps = (j.status == JobStatus::Completed)
                        .then(|| j.mean_dps.map(|d| format!("{} DPS", format::thousands(d))))
                        .flatten();
                    let when = format::relative(&j.created_at, now);
                    let status = Signal::stored(j.status);
                    view! {
                        <li class="recent-run">
                            <A href=paths::result_page(&j.job_id)>{name}</A>
                            <span class="muted">{format!("{} · {} s · {when}", format::fight(&j.fight_type), j.duration)}</span>
                            {dps.map(|d| view! { <strong class="recent-dps">{d}</strong> })}
                            <StatusBadge status />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
