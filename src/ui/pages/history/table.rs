//! The history's rows: each completed run can be ticked for a comparison ("Compare (n)" opens
//! the first ticked as the baseline against the others) and simulated again.

use crate::{
    model::{paths, JobStatus, JobView, MAX_COMPARED, MIN_COMPARED},
    server_fns::simulate_again,
    ui::{
        components::{status::StatusBadge, toast::use_toasts},
        format,
    },
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

/// A page of jobs as a table (cards on phones), inside the form that opens the comparison.
#[component]
pub fn HistoryTable(jobs: Vec<JobView>) -> impl IntoView {
    let now = format::now_secs();
    // Ticked job ids in the order they were ticked (the first is the baseline).
    let selected = RwSignal::new(Vec::<String>::new());
    let count = move || selected.with(Vec::len);
    let can_compare = move || (MIN_COMPARED..=MAX_COMPARED).contains(&count());
    #[cfg(feature = "hydrate")]
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if can_compare() {
            let url = selected.with_untracked(|ids| paths::compare(ids));
            navigate.with_value(|go| go(&url, Default::default()));
        }
    };
    view! {
        <form method="get" action=paths::COMPARE class="compare-form" on:submit=on_submit>
            <div class="compare-bar">
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="compare-selected"
                    disabled=move || !can_compare()
                >
                    {move || format!("Compare ({})", count())}
                </button>
                <span class="help" aria-live="polite">
                    {move || match count() {
                        0 => format!("Tick {MIN_COMPARED}–{MAX_COMPARED} completed runs to compare; the first ticked is the baseline."),
                        n if n > MAX_COMPARED => format!("At most {MAX_COMPARED} runs can be compared."),
                        _ => "The first ticked is the baseline.".to_string(),
                    }}
                </span>
            </div>
            <div class="table-wrap" id="history-results" tabindex="0" role="region" aria-label="Simulations (table)">
                <table class="data-table history-table" data-testid="history-table">
                    <thead>
                        <tr>
                            <th scope="col"><span class="sr-only">"Compare"</span></th>
                            <th scope="col">"Rotation"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col" class="num">"DPS"</th>
                            <th scope="col" class="num">"Duration"</th>
                            <th scope="col" class="num">"Iterations"</th>
                            <th scope="col">"Date"</th>
                            <th scope="col"><span class="sr-only">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {jobs
                            .into_iter()
                            .map(|j| view! { <HistoryRow job=j selected now /> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </form>
    }
    .into_any()
}

/// One job: its pick box, summary, View and (when completed) Sim again.
#[component]
fn HistoryRow(job: JobView, selected: RwSignal<Vec<String>>, now: f64) -> impl IntoView {
    let j = job;
    let id = StoredValue::new(j.job_id.clone());
    let completed = j.status == JobStatus::Completed;
    let name = j
        .rotation_name
        .clone()
        .or_else(|| j.rotation_id.clone())
        .unwrap_or_default();
    let spec = match (&j.rotation_class, &j.rotation_spec) {
        (Some(c), Some(s)) => format!("{s} {c} · {}", format::fight(&j.fight_type)),
        _ => format::fight(&j.fight_type),
    };
    let checked = move || selected.with(|s| id.with_value(|id| s.contains(id)));
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let id = id.get_value();
        selected.update(|s| {
            s.retain(|x| x != &id);
            if on {
                s.push(id);
            }
        });
    };
    let pick_label = format!("Select {name} for comparison");
    view! {
        <tr data-job=j.job_id.clone() data-status=j.status.as_str()>
            <td class="pick">
                <input
                    type="checkbox"
                    name="ids"
                    value=j.job_id.clone()
                    aria-label=pick_label
                    disabled=!completed
                    title=if completed { "" } else { "Only completed runs can be compared" }
                    prop:checked=checked
                    on:change=toggle
                />
            </td>
            <th scope="row">
                <span class="cell-title">{name}</span>
                <span class="cell-sub">{spec}</span>
            </th>
            <td><StatusBadge status=Signal::stored(j.status) /></td>
            <td class="num dps" data-label="DPS">{j.mean_dps.map(format::thousands).unwrap_or_else(|| "—".into())}</td>
            <td class="num" data-label="Length">{format::clock(j.duration as f64)}</td>
            <td class="num" data-label="Iterations">{format::thousands(j.iterations as f64)}</td>
            <td data-label="Date">
                <time datetime=j.created_at.clone() title=j.created_at.clone()>
                    {format::relative(&j.created_at, now)}
                </time>
            </td>
            <td class="row-actions">
                <A href=paths::result_page(&j.job_id) attr:class="btn btn-small">"View"</A>
                {completed.then(|| view! { <SimAgain id=id.get_value() /> })}
            </td>
        </tr>
    }
    .into_any()
}

/// "Sim again": the same snapshot and seed as a new job, whose page opens.
#[component]
fn SimAgain(id: String) -> impl IntoView {
    let toasts = use_toasts();
    let id = StoredValue::new(id);
    #[cfg(feature = "hydrate")]
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let busy = RwSignal::new(false);
    let run = move |_| {
        busy.set(true);
        spawn_local(async move {
            let _page = toasts.started(&simulate_again(id.get_value()).await);
            #[cfg(feature = "hydrate")]
            if let Some(page) = _page {
                navigate.with_value(|go| go(&page, Default::default()));
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <button
            type="button"
            class="btn btn-small"
            disabled=move || busy.get()
            on:click=run
            title="Run exactly this again: same rotation text, character, fight and seed"
        >
            "Sim again"
        </button>
    }
    .into_any()
}
