//! A rotation's results (the seed's `getRotationResults`): the player's simulations with it,
//! newest first, and the DPS trend across its versions.

use crate::{
    model::{paths, JobStatus, JobView},
    server_fns::rotation_simulations,
    ui::{
        components::{skeleton::SkeletonLines, status::StatusBadge},
        format,
    },
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The results section of a rotation's page.
#[component]
pub fn RotationRuns(rotation_id: String, current_version: RwSignal<i32>) -> impl IntoView {
    let runs = Resource::new(move || rotation_id.clone(), rotation_simulations);
    view! {
        <section class="card rotation-runs" aria-labelledby="runs-title" data-testid="rotation-runs">
            <h2 id="runs-title">"Your results with this rotation"</h2>
            <Suspense fallback=|| view! { <SkeletonLines lines=4 /> }>
                {move || Suspend::new(async move {
                    match runs.await {
                        Ok(jobs) if jobs.is_empty() => view! {
                            <p class="help">"No simulations yet: press Simulate to run this rotation."</p>
                        }.into_any(),
                        Ok(jobs) => view! {
                            <DpsTrend jobs=jobs.clone() />
                            <RunsTable jobs current_version />
                        }.into_any(),
                        Err(e) => view! { <p role="alert">{format::error_message(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RunsTable(jobs: Vec<JobView>, current_version: RwSignal<i32>) -> impl IntoView {
    let now = format::now_secs();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Results with this rotation (table)">
            <table class="data-table runs-table">
                <thead>
                    <tr>
                        <th scope="col">"Version"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"DPS"</th>
                        <th scope="col">"Fight"</th>
                        <th scope="col">"Date"</th>
                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {jobs.into_iter().map(|j| {
                        let v = j.rotation_version;
                        view! {
                            <tr data-job=j.job_id.clone() data-version=v.map(|v| v.to_string()).unwrap_or_default()>
                                <th scope="row">
                                    {v.map(|v| format!("v{v}")).unwrap_or_else(|| "—".into())}
                                    {move || (v.is_some() && v == current_version.try_get()).then(|| view! { " " <span class="badge">"current"</span> })}
                                </th>
                                <td><StatusBadge status=Signal::stored(j.status) /></td>
                                <td class="num dps" data-label="DPS">{j.mean_dps.map(format::thousands).unwrap_or_else(|| "—".into())}</td>
                                <td data-label="Fight">{format!("{} · {}", format::fight(&j.fight_type), format::clock(j.duration as f64))}</td>
                                <td data-label="Date">
                                    <time datetime=j.created_at.clone()>{format::relative(&j.created_at, now)}</time>
                                </td>
                                <td><A href=paths::result_page(&j.job_id) attr:class="btn btn-small">"View"</A></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Mean DPS of each completed run, oldest first, as a small line chart (drawn on the server as
/// SVG: no script needed), each point labelled with its rotation version.
#[component]
fn DpsTrend(jobs: Vec<JobView>) -> impl IntoView {
    let mut points: Vec<(f64, Option<i32>)> = jobs
        .iter()
        .rev()
        .filter(|j| j.status == JobStatus::Completed)
        .filter_map(|j| j.mean_dps.map(|d| (d, j.rotation_version)))
        .collect();
    if points.len() < 2 {
        return None;
    }
    points.truncate(50);
    let (w, h, pad) = (640.0, 160.0, 28.0);
    let lo = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let span = (hi - lo).max(hi.abs() * 0.01).max(1.0);
    let (lo, hi) = (lo - span * 0.1, hi + span * 0.1);
    let n = points.len();
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (d, _))| {
            let x = pad + (w - 2.0 * pad) * i as f64 / (n - 1) as f64;
            let y = h - pad - (h - 2.0 * pad) * (d - lo) / (hi - lo);
            (x, y)
        })
        .collect();
    let line = xy
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let summary = format!(
        "DPS of your last {n} completed runs, oldest first: from {} to {}",
        format::thousands(points[0].0),
        format::thousands(points[n - 1].0)
    );
    Some(view! {
        <figure class="dps-trend">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=summary.clone() preserveAspectRatio="none">
                <text x="4" y="14" class="axis-label">{format!("{} DPS", format::thousands(hi))}</text>
                <text x="4" y=format!("{}", h - 6.0) class="axis-label">{format!("{} DPS", format::thousands(lo))}</text>
                <polyline points=line class="trend-line" fill="none" />
                {xy.iter().zip(&points).map(|((x, y), (d, v))| {
                    let title = format!("{}{} DPS", v.map(|v| format!("v{v}: ")).unwrap_or_default(), format::thousands(*d));
                    view! {
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="4" class="trend-point"><title>{title}</title></circle>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="help">{summary}</figcaption>
        </figure>
    })
}
