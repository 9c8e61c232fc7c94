//! `/simulate/results/:id`: a job's live progress (one EventSource), then its report in tabs.
//! A finished job's page is rendered on the server from the database.

use crate::{
    model::{JobProgress, JobStatus, JobView},
    server_fns::{cancel_simulation, get_simulation, retry_simulation},
    ui::{
        components::{
            dialog::ConfirmDialog,
            skeleton::{Loading, SkeletonBlock, SkeletonLines},
            status::StatusBadge,
            toast::{use_toasts, ToastKind},
        },
        format,
        pages::report::ReportTabs,
    },
};
use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;
#[cfg(feature = "hydrate")]
use leptos_router::hooks::use_navigate;
use leptos_router::{components::A, hooks::use_params_map};
use rotasim_engine::PartialStats;
use std::sync::Arc;

/// The results page.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let job = Resource::new(id, get_simulation);
    view! {
        <Title text="Results" />
        <Suspense fallback=|| view! { <ResultsSkeleton /> }>
            {move || Suspend::new(async move {
                match job.await {
                    Ok(view) => view! { <ResultsView job=view /> }.into_any(),
                    Err(e) => view! {
                        <NotFoundStatus />
                        <section class="card error-card" role="alert">
                            <h1>"Simulation not found"</h1>
                            <p>{format::error_message(&e)}</p>
                            <A href="/simulate/history" attr:class="btn">"Back to history"</A>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Answers 404 when the page is rendered on the server for a job the caller cannot see.
#[component]
fn NotFoundStatus() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
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

/// The state of the connection to the job's stream (changed by the browser only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Connection {
    Connecting,
    Live,
    Reconnecting,
    Lost,
}

#[component]
fn ResultsView(job: JobView) -> impl IntoView {
    let toasts = use_toasts();
    let id = StoredValue::new(job.job_id.clone());
    let status = RwSignal::new(job.status);
    let progress = RwSignal::new(job.progress);
    let partial = RwSignal::new(None::<PartialStats>);
    let position = RwSignal::new(None::<usize>);
    let connection = RwSignal::new(Connection::Connecting);
    let error = RwSignal::new(job.error.clone());
    let report = RwSignal::new(job.result.clone().map(Arc::new));
    let confirm_open = RwSignal::new(false);

    #[cfg(feature = "hydrate")]
    {
        use crate::{
            model::StreamEvent,
            ui::live::{LiveMsg, Watch},
        };
        let watch = StoredValue::new_local(None::<Watch>);
        if !job.status.is_terminal() {
            let fetch_report = move || {
                spawn_local(async move {
                    match get_simulation(id.get_value()).await {
                        Ok(v) => {
                            progress.set(v.progress);
                            report.set(v.result.map(Arc::new));
                        }
                        Err(e) => error.set(Some(format::error_message(&e))),
                    }
                });
            };
            Effect::new(move |_| {
                let url = format!("/api/simulations/{}/stream", id.get_value());
                let w = Watch::open(url, move |msg| match msg {
                    LiveMsg::Open => connection.set(Connection::Live),
                    LiveMsg::Reconnecting => connection.set(Connection::Reconnecting),
                    LiveMsg::Lost => connection.set(Connection::Lost),
                    LiveMsg::Event(e) => {
                        connection.set(Connection::Live);
                        match e {
                            StreamEvent::Connected { .. } => {}
                            StreamEvent::Queued { position: p } => {
                                status.set(JobStatus::Queued);
                                position.set(Some(p));
                            }
                            StreamEvent::Progress {
                                current,
                                total,
                                percentage,
                            } => {
                                status.set(JobStatus::Running);
                                progress.set(JobProgress {
                                    current,
                                    total,
                                    percentage,
                                });
                            }
                            StreamEvent::Partial { stats } => partial.set(Some(stats)),
                            StreamEvent::Complete { .. } => {
                                status.set(JobStatus::Completed);
                                fetch_report();
                            }
                            StreamEvent::Error { message, .. } => {
                                status.set(JobStatus::Failed);
                                error.set(Some(message));
                            }
                            StreamEvent::Cancelled => status.set(JobStatus::Cancelled),
                        }
                    }
                });
                watch.set_value(Some(w));
            });
            on_cleanup(move || watch.set_value(None));
        }
    }

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
    let retry = Callback::new(move |_: ()| {
        spawn_local(async move {
            match retry_simulation(id.get_value()).await {
                Ok(created) => {
                    toasts.push(
                        ToastKind::Success,
                        "Simulation started",
                        Some(format!("Job {} is queued", created.job_id)),
                    );
                    #[cfg(feature = "hydrate")]
                    navigate.with_value(|go| {
                        go(
                            &format!("/simulate/results/{}", created.job_id),
                            Default::default(),
                        )
                    });
                }
                Err(e) => toasts.push(
                    ToastKind::Error,
                    format::submit_error_title(&e, "Failed to start simulation"),
                    Some(format::error_message(&e)),
                ),
            }
        });
    });

    let title = job
        .rotation_name
        .clone()
        .unwrap_or_else(|| "Simulation".into());
    let subtitle = format!(
        "{} · {} s · {} iterations · started {}",
        job.fight_type,
        job.duration,
        format::thousands(job.iterations as f64),
        format::relative(&job.created_at, format::now_secs()),
    );
    let export = move |f: &str| format!("/api/simulations/{}/export?format={f}", id.get_value());
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
                    <button class="btn btn-danger-outline" on:click=move |_| confirm_open.set(true)>
                        "Cancel"
                    </button>
                </Show>
                <Show when=move || matches!(status.get(), JobStatus::Failed | JobStatus::Cancelled)>
                    <button class="btn btn-primary" on:click=move |_| retry.run(())>"Retry"</button>
                </Show>
                <Show when=move || status.get() == JobStatus::Completed && report.with(|r| r.is_some())>
                    <a class="btn" href=move || export("json") download>"Export JSON"</a>
                    <a class="btn" href=move || export("csv") download>"Export CSV"</a>
                </Show>
            </div>
        </div>

        <Show when=active>
            <LiveProgress status progress partial position connection />
        </Show>

        {move || match status.get() {
            JobStatus::Completed => match report.get() {
                Some(r) => view! { <ReportTabs report=r /> }.into_any(),
                None => view! {
                    <Loading label="Loading the report…"><SkeletonBlock height=280 /></Loading>
                }.into_any(),
            },
            JobStatus::Failed => view! {
                <section class="card error-card" role="alert" data-testid="failure">
                    <h2>"Simulation failed"</h2>
                    <p>{move || error.get().unwrap_or_else(|| "The simulation failed.".into())}</p>
                    <button class="btn btn-primary" on:click=move |_| retry.run(())>"Retry"</button>
                </section>
            }.into_any(),
            JobStatus::Cancelled => view! {
                <section class="card notice-card" data-testid="cancelled">
                    <h2>"Simulation cancelled"</h2>
                    <p class="muted">"It was stopped before it finished; nothing was kept."</p>
                    <button class="btn btn-primary" on:click=move |_| retry.run(())>"Retry"</button>
                </section>
            }.into_any(),
            _ => ().into_any(),
        }}

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

/// Progress bar, queue position, connection state and running statistics.
#[component]
fn LiveProgress(
    status: RwSignal<JobStatus>,
    progress: RwSignal<JobProgress>,
    partial: RwSignal<Option<PartialStats>>,
    position: RwSignal<Option<usize>>,
    connection: RwSignal<Connection>,
) -> impl IntoView {
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
    view! {
        <section class="card live-card" aria-labelledby="live-title">
            <div class="live-head">
                <h2 id="live-title" data-testid="phase" aria-live="polite">{phase}</h2>
                <span class="live-count" data-testid="iterations">
                    {move || progress.with(|p| format!("{} / {} iterations", format::thousands(p.current as f64), format::thousands(p.total as f64)))}
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
            <div class="stat-cards partial-cards" data-testid="partial">
                {move || match partial.get() {
                    None => view! {
                        <p class="muted">"Running statistics appear at every 10 %."</p>
                    }.into_any(),
                    Some(p) => view! {
                        <StatCard label="Mean DPS" value=format::thousands(p.mean_dps) detail=format!("± {} ({})", format::thousands(p.error), format::pct(p.error_pct, 2)) big=true />
                        <StatCard label="Min DPS" value=format::thousands(p.min_dps) />
                        <StatCard label="Max DPS" value=format::thousands(p.max_dps) />
                        <StatCard label="Iterations so far" value=format::thousands(p.iterations as f64) />
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

/// A labelled number.
#[component]
pub fn StatCard(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(optional, into)] detail: Option<String>,
    #[prop(optional)] big: bool,
) -> impl IntoView {
    view! {
        <div class="stat-card" class:stat-big=big>
            <span class="stat-label">{label}</span>
            <span class="stat-value">{value}</span>
            {detail.map(|d| view! { <span class="stat-detail">{d}</span> })}
        </div>
    }
}
