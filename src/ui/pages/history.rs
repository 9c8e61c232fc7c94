//! `/simulate/history`: the user's simulations, newest first, a page at a time.

use crate::{
    model::{paths, JobView},
    server_fns::list_simulations,
    ui::{
        components::{
            skeleton::{Loading, SkeletonLines},
            status::StatusBadge,
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Jobs per page.
const PAGE: u32 = 20;

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    // The cursor of the page shown, and the cursors of the pages before it.
    let cursor = RwSignal::new(None::<String>);
    let back = RwSignal::new(Vec::<Option<String>>::new());
    let page = Resource::new(move || cursor.get(), |c| list_simulations(Some(PAGE), c));
    view! {
        <Title text="History" />
        <div class="page-head">
            <h1>"Simulation History"</h1>
            <A href=paths::SIMULATE attr:class="btn btn-primary">"New simulation"</A>
        </div>
        <Transition fallback=|| view! { <HistorySkeleton /> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! {
                        <div class="card error-card" role="alert">
                            <h2>"History could not be loaded"</h2>
                            <p>{format::error_message(&e)}</p>
                        </div>
                    }.into_any(),
                    Ok(p) if p.results.is_empty() && back.with_untracked(|b| b.is_empty()) => view! {
                        <div class="empty-state" data-testid="empty-history">
                            <p>"No simulations yet."</p>
                            <A href=paths::SIMULATE attr:class="btn btn-primary">"Run your first simulation"</A>
                        </div>
                    }.into_any(),
                    Ok(p) => {
                        let next = p.next_cursor.clone();
                        view! {
                            <HistoryTable jobs=p.results />
                            <nav class="pager" aria-label="History pages">
                                <button
                                    class="btn"
                                    disabled=move || back.with(|b| b.is_empty())
                                    on:click=move |_| {
                                        let prev = back.try_update(|b| b.pop()).flatten();
                                        cursor.set(prev.flatten());
                                    }
                                >
                                    "← Newer"
                                </button>
                                <button
                                    class="btn"
                                    disabled=next.is_none()
                                    on:click=move |_| {
                                        back.update(|b| b.push(cursor.get_untracked()));
                                        cursor.set(next.clone());
                                    }
                                >
                                    "Older →"
                                </button>
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn HistorySkeleton() -> impl IntoView {
    view! {
        <Loading label="Loading your simulations…">
            <div class="card"><SkeletonLines lines=6 /></div>
        </Loading>
    }
}

#[component]
fn HistoryTable(jobs: Vec<JobView>) -> impl IntoView {
    let now = format::now_secs();
    view! {
        <div class="table-wrap">
            <table class="data-table history-table" data-testid="history-table">
                <thead>
                    <tr>
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
                        .map(|j| {
                            let href = paths::result_page(&j.job_id);
                            let spec = match (&j.rotation_class, &j.rotation_spec) {
                                (Some(c), Some(s)) => format!("{s} {c} · {}", j.fight_type),
                                _ => j.fight_type.clone(),
                            };
                            view! {
                                <tr data-job=j.job_id.clone()>
                                    <th scope="row">
                                        <span class="cell-title">{j.rotation_name.clone().or_else(|| j.rotation_id.clone()).unwrap_or_default()}</span>
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
                                    <td><A href=href attr:class="btn btn-small">"View"</A></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
