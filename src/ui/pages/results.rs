//! `/simulate/results/:id`: a job's live progress (one EventSource), then its report in tabs.
//! A finished job's page is rendered on the server from the database; a job that finishes
//! while watched shows the report its stream's `complete` event carries.

pub(crate) mod batch;
pub mod cancel;
mod compare_with;
mod live_progress;
pub(crate) mod ran_with;
mod share;
mod state;

use crate::{
    model::{paths, FormAction, JobStatus, JobView},
    server_fns::{cancel_simulation, get_simulation_page, retry_simulation, simulate_again},
    ui::{
        components::{
            action_form::{ActionForm, RefusalNotice},
            dialog::ConfirmDialog,
            http_status::NotFoundStatus,
            skeleton::{Loading, SkeletonBlock, SkeletonLines},
            status::StatusBadge,
            toast::{use_toasts, ToastKind},
        },
        format,
        report::ReportTabs,
    },
};
use batch::BatchSection;
use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;
#[cfg(feature = "hydrate")]
use leptos_router::hooks::use_navigate;
use leptos_router::{components::A, hooks::use_params_map};
use live_progress::LiveProgress;
use ran_with::{RanWith, RanWithData};
use state::JobState;

/// The results page.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let job = route_job();
    view! {
        <Title text="Results" />
        <Suspense fallback=|| view! { <ResultsSkeleton /> }>
            {move || Suspend::new(async move {
                match job.await {
                    Ok(view) => view! { <ResultsView job=view /> }.into_any(),
                    Err(e) => view! { <JobNotFound error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The caller's job named by the route's `:id`.
fn route_job() -> Resource<Result<JobView, ServerFnError>> {
    let params = use_params_map();
    Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_simulation_page,
    )
}

/// A job that does not exist or is not the caller's: a 404 page.
#[component]
fn JobNotFound(error: ServerFnError) -> impl IntoView {
    view! {
        <NotFoundStatus />
        <section class="card error-card" role="alert">
            <h1>"Simulation not found"</h1>
            <p>{format::error_message(&error)}</p>
            <A href=paths::HISTORY attr:class="btn">"Back to history"</A>
        </section>
    }
}

#[component]
fn ResultsSkeleton() -> impl IntoView {
    view! {
        <Loading label="Loading the simulation…">
            <SkeletonLines lines=2 />
            <div class="stat-cards">
                <SkeletonBlock height=96 /><SkeletonBlock height=96 /><SkeletonBlock height=96 />
            </div>
            <SkeletonBlock height=280 />
        </Loading>
    }
}

/// A loaded job: heading and actions, live progress while it runs, then how it ended.
#[component]
fn ResultsView(job: JobView) -> impl IntoView {
    let toasts = use_toasts();
    let title = job
        .rotation_name
        .clone()
        .unwrap_or_else(|| "Simulation".into());
    // A job a worker has not taken yet was submitted, not started.
    let when = match &job.started_at {
        Some(at) => format!("started {}", format::relative(at, format::now_secs())),
        None => format!(
            "submitted {}",
            format::relative(&job.created_at, format::now_secs())
        ),
    };
    let subtitle = format!(
        "{} · {} s · {} iterations · {when}",
        format::fight(&job.fight_type),
        job.duration,
        format::thousands(job.iterations as f64),
    );
    let id = StoredValue::new(job.job_id.clone());
    let job_snapshot = RanWithData::from_job(&job);
    let batch = job.variant_count > 0;
    let state = JobState::new(job);
    #[cfg(feature = "hydrate")]
    state.follow();
    let JobState { status, report, .. } = state;
    let confirm_open = RwSignal::new(false);

    let cancel = Callback::new(move |_| {
        spawn_local(async move {
            match cancel_simulation(id.get_value()).await {
                Ok(_) => {
                    status.set(JobStatus::Cancelled);
                    toasts.push(ToastKind::Info, "Simulation cancelled", None);
                }
                Err(e) => toasts.push(
                    ToastKind::Error,
                    "Could not cancel",
                    Some(format::error_message(&e)),
                ),
            }
        });
    });
    // Local (not thread-safe) storage exists only in the browser: on the server it would be
    // dropped on another thread.
    #[cfg(feature = "hydrate")]
    let navigate = StoredValue::new_local(use_navigate());
    // Retry (a failed or cancelled job, new seed) and "Sim again" (any job, same snapshot and
    // seed) both start a new job and open its page.
    let start = move |again: bool| {
        spawn_local(async move {
            let started = if again {
                simulate_again(id.get_value()).await
            } else {
                retry_simulation(id.get_value()).await
            };
            let _page = toasts.started(&started);
            #[cfg(feature = "hydrate")]
            if let Some(page) = _page {
                navigate.with_value(|go| go(&page, Default::default()));
            }
        });
    };
    let retry = Callback::new(move |_: ()| start(false));
    let again = Callback::new(move |_: ()| start(true));
    let ran_with = job_snapshot.clone();

    let export = move |f: &str| paths::export(&id.get_value(), f);
    let active = move || !status.get().is_terminal();
    view! {
        <Title text=title.clone() />
        <div class="page-head results-head">
            <div>
                <p class="eyebrow">"Simulation " <code>{id.get_value()}</code></p>
                <h1>{title.clone()}</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <div class="head-actions">
                <StatusBadge status=status />
                <Show when=active>
                    // A link to the confirmation page, which works without JavaScript; the
                    // app asks in a dialog instead.
                    <a
                        class="btn btn-danger-outline"
                        href=paths::cancel_page(&id.get_value())
                        role="button"
                        on:click=move |ev| {
                            ev.prevent_default();
                            confirm_open.set(true);
                        }
                    >
                        "Cancel"
                    </a>
                </Show>
                <Show when=move || status.get() == JobStatus::Completed>
                    <ActionForm action=FormAction::Again id=id.get_value() on_submit=again>
                        <button type="submit" class="btn" title="Run exactly this again: same rotation text, character, fight and seed">
                            "Sim again"
                        </button>
                    </ActionForm>
                </Show>
                <Show when=move || status.get() == JobStatus::Completed && report.try_with(|r| r.is_some()).unwrap_or(false)>
                    <span class="js-only"><compare_with::CompareWith job_id=id.get_value() /></span>
                    <a class="btn" href=move || export("json") download>"Export JSON"</a>
                    <a class="btn" href=move || export("csv") download>"Export CSV"</a>
                    <share::ShareControl job_id=id.get_value() />
                </Show>
            </div>
        </div>

        <RefusalNotice />

        <Show when=active>
            // Without JavaScript the page reloads itself until the job ends. (As inner HTML:
            // with scripts on, a `noscript`'s content is text, and there is nothing to hydrate.)
            <noscript inner_html=r#"<meta http-equiv="refresh" content="2">"#></noscript>
            <LiveProgress state />
        </Show>

        <BatchSection state />

        <Outcome state job_id=id.get_value() retry />

        // A batch's variants each show what they ran in its ranking.
        <Show when=move || !batch>
            <RanWith data=ran_with.clone() />
        </Show>

        <ConfirmDialog
            open=confirm_open
            title="Cancel simulation?"
            message="This will stop the simulation and discard partial results."
            keep_label="Keep Running"
            confirm_label="Cancel Simulation"
            on_confirm=cancel
        />
    }
}

/// How the job ended: its report, its failure, or its cancellation (nothing while it runs).
#[component]
fn Outcome(state: JobState, job_id: String, retry: Callback<()>) -> impl IntoView {
    let JobState {
        status,
        report,
        error,
        ..
    } = state;
    move || match status.get() {
        JobStatus::Completed => match report.get() {
            Some(r) => view! { <ReportTabs report=r /> }.into_any(),
            None => view! {
                <Loading label="Loading the report…"><SkeletonBlock height=280 /></Loading>
            }
            .into_any(),
        },
        JobStatus::Failed => view! {
            <section class="card error-card" role="alert" data-testid="failure">
                <h2>"Simulation failed"</h2>
                <p>{move || error.get().unwrap_or_else(|| "The simulation failed.".into())}</p>
                <ActionForm action=FormAction::Retry id=job_id.clone() on_submit=retry>
                    <button type="submit" class="btn btn-primary">"Retry"</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        JobStatus::Cancelled => view! {
            <section class="card notice-card" data-testid="cancelled">
                <h2>"Simulation cancelled"</h2>
                <p class="muted">"It was stopped before it finished; nothing was kept."</p>
                <ActionForm action=FormAction::Retry id=job_id.clone() on_submit=retry>
                    <button type="submit" class="btn btn-primary">"Retry"</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
