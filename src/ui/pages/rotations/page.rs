//! `/rotations/:id`: one of the player's rotations in the editor, or a built-in read-only (with
//! "Fork" to make it theirs); below either, the player's results with it.

use super::{form::RotationForm, runs::RotationRuns, use_fork};
use crate::{
    model::{paths, FormAction, Rotation, RotationEcho},
    server_fns::get_rotation,
    ui::{
        components::{
            action_form::{ActionForm, RefusalNotice},
            apl_editor::LineCounts,
            http_status::NotFoundStatus,
            skeleton::{Loading, SkeletonBlock, SkeletonLines},
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

/// The rotation page.
#[component]
pub fn RotationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // A refused no-JavaScript save: the server renders this page with it (the browser reads
    // it back from the resource's serialized value).
    let echo = use_context::<RotationEcho>();
    let rotation = Resource::new(id, move |id| {
        let echo = echo.clone();
        async move { get_rotation(id).await.map(|r| (r, echo)) }
    });
    view! {
        <Suspense fallback=|| view! {
            <Loading label="Loading the rotation…">
                <SkeletonLines lines=2 />
                <SkeletonBlock height=320 />
            </Loading>
        }>
            {move || Suspend::new(async move {
                match rotation.await {
                    Ok((r, echo)) => view! { <RotationView rotation=r echo /> }.into_any(),
                    Err(e) => view! {
                        <Title text="Rotation not found" />
                        <NotFoundStatus />
                        <section class="card error-card" role="alert">
                            <h1>"Rotation not found"</h1>
                            <p>{format::error_message(&e)}</p>
                            <A href=paths::ROTATIONS attr:class="btn">"All rotations"</A>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A loaded rotation: the editor for the player's own, the read-only text for a built-in.
#[component]
fn RotationView(rotation: Rotation, echo: Option<RotationEcho>) -> impl IntoView {
    let version = RwSignal::new(rotation.version);
    let heading = RwSignal::new(rotation.name.clone());
    let spec_line = format!("{} {}", rotation.spec, rotation.class);
    let forked = rotation.forked_from.clone();
    let id = rotation.id.clone();
    let body = if rotation.builtin {
        view! { <BuiltinView rotation=rotation.clone() /> }.into_any()
    } else {
        let apl = RwSignal::new(
            echo.as_ref()
                .map_or_else(|| rotation.apl.clone(), |e| e.input.apl.clone()),
        );
        let spec_id = Signal::stored(rotation.spec_id.clone());
        let on_saved = Callback::new(move |r: Rotation| {
            version.set(r.version);
            heading.set(r.name);
        });
        // Browser only: the line counts of the newest completed run of the current version.
        // (Not even created on the server: a local resource read there would hold the whole
        // page back from the first response.)
        #[cfg(feature = "hydrate")]
        let counts = {
            let rid = rotation.id.clone();
            let last_run = LocalResource::new(move || latest_counts(rid.clone(), version.get()));
            Signal::derive(move || {
                let (v, c) = last_run.get().flatten()?;
                (Some(v) == version.try_get()).then_some(c)
            })
        };
        #[cfg(not(feature = "hydrate"))]
        let counts = Signal::<Option<LineCounts>>::stored(None);
        view! { <RotationForm existing=Some(rotation.clone()) spec_id apl on_saved counts echo /> }
            .into_any()
    };
    view! {
        // `try_get`: the page's title outlives this view when another rotation replaces it.
        <Title text=move || heading.try_get().unwrap_or_default() />
        <div class="page-head">
            <div>
                <h1 class="rotation-title">{move || heading.try_get().unwrap_or_default()}</h1>
                <p class="subtitle">
                    {spec_line}
                    {move || version.try_get().map(|v| format!(" · version {v}"))}
                    {forked.map(|f| view! { " · forked from " <A href=paths::rotation_page(&f)>"its source"</A> })}
                </p>
            </div>
            <A href=paths::ROTATIONS attr:class="btn">"All rotations"</A>
        </div>
        <RefusalNotice />
        {body}
        <RotationRuns rotation_id=id current_version=version />
    }
    .into_any()
}

/// A built-in: its text, read-only, and what to do with it.
#[component]
fn BuiltinView(rotation: Rotation) -> impl IntoView {
    let fork = use_fork();
    let forking = fork.pending();
    let id = rotation.id.clone();
    let lines = rotation.apl.lines().count();
    view! {
        <section class="card" aria-labelledby="builtin-title">
            <div class="card-head">
                <h2 id="builtin-title">"Priority list"</h2>
                <span class="badge badge-builtin">"Built-in · read-only"</span>
            </div>
            <p class="help">"Built-in rotations ship with Rotasim. Fork this one to edit your own copy."</p>
            <pre class="apl-view" tabindex="0" role="region" aria-label=format!("APL, {lines} lines")><code>{rotation.apl.clone()}</code></pre>
            <div class="form-actions">
                <ActionForm action=FormAction::Fork id=id.clone() on_submit=Callback::new(move |_| { fork.dispatch(id.clone()); })>
                    <button type="submit" class="btn btn-primary" disabled=move || forking.get()>
                        {move || if forking.get() { "Forking…" } else { "Fork to edit" }}
                    </button>
                </ActionForm>
                <A href=paths::simulate_rotation(&rotation.id) attr:class="btn">"Simulate"</A>
            </div>
        </section>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
/// The per-line counts of the newest completed simulation of `version` of rotation `id`, with
/// that version (none when it has not been simulated, or the results cannot be read).
async fn latest_counts(id: String, version: i32) -> Option<(i32, LineCounts)> {
    use crate::{
        model::JobStatus,
        server_fns::{get_simulation, rotation_simulations},
    };
    let runs = rotation_simulations(id).await.ok()?;
    let job = runs
        .into_iter()
        .find(|j| j.status == JobStatus::Completed && j.rotation_version == Some(version))?;
    let report = get_simulation(job.job_id).await.ok()?.result?;
    (!report.apl_lines.is_empty()).then(|| (version, std::sync::Arc::new(report.apl_lines)))
}
