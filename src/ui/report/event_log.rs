//! The sample iteration's event log, on the Timeline tab. A stored report carries it; the
//! stream's `complete` event leaves it out (it is large), so then it is fetched with the whole
//! job (`get_simulation`) the first time the tab is opened, with a skeleton meanwhile.

use super::{data::Sample, ReportData};
use crate::{
    server_fns::get_simulation,
    ui::{
        components::skeleton::{Loading, SkeletonBlock},
        format,
    },
};
use leptos::{prelude::*, task::spawn_local};
use rotasim_engine::report::{LogEntry, LogKind};
use std::sync::Arc;

/// Entries of the sample log shown at first.
const LOG_ROWS: usize = 300;

/// The sample event log as the Timeline tab has it.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleLog {
    /// Not fetched yet.
    Missing,
    /// Being fetched.
    Loading,
    /// At hand.
    Ready(Arc<Sample>),
    /// The fetch failed; why.
    Failed(String),
}

impl SampleLog {
    /// The log `report` carries, else `Missing`.
    pub fn of(report: &ReportData) -> SampleLog {
        report
            .sample
            .clone()
            .map_or(SampleLog::Missing, SampleLog::Ready)
    }
}

/// Fetches the log of `job_id` into `log`, unless it is at hand or on its way.
pub fn fetch(job_id: String, log: RwSignal<SampleLog>) {
    if !matches!(log.get_untracked(), SampleLog::Missing) {
        return;
    }
    log.set(SampleLog::Loading);
    spawn_local(async move {
        let next = match get_simulation(job_id).await {
            Ok(job) => match job.result {
                Some(report) => SampleLog::Ready(Arc::new(Sample::of(report))),
                None => SampleLog::Failed("the report is not available".into()),
            },
            Err(e) => SampleLog::Failed(format::error_message(&e)),
        };
        // The page may have gone meanwhile.
        let _ = log.try_set(next);
    });
}

/// The event log of the job `job_id` (fetched if `log` does not have it yet); `resource` names
/// the resource column.
#[component]
pub fn EventLog(
    job_id: String,
    resource: String,
    log: RwSignal<SampleLog>,
    names: Names,
) -> impl IntoView {
    // Effects run in the browser only: the server renders what `log` holds.
    Effect::new(move |_| fetch(job_id.clone(), log));
    move || match log.get() {
        SampleLog::Ready(sample) => {
            view! { <EventTable sample resource=resource.clone() names=names.clone() /> }.into_any()
        }
        SampleLog::Failed(why) => view! {
            <p class="muted" role="alert">{format!("The event log could not be loaded: {why}")}</p>
        }
        .into_any(),
        SampleLog::Missing | SampleLog::Loading => view! {
            <Loading label="Loading the event log…"><SkeletonBlock height=280 /></Loading>
        }
        .into_any(),
    }
}

/// The first [`LOG_ROWS`] entries, and a button to show them all.
#[component]
fn EventTable(sample: Arc<Sample>, resource: String, names: Names) -> impl IntoView {
    let show_all = RwSignal::new(false);
    let total = sample.log.len();
    let long = total > LOG_ROWS;
    view! {
        <div class="table-wrap log-wrap" tabindex="0" role="region" aria-label="Event log">
            <table class="data-table log-table" data-testid="event-log">
                <thead>
                    <tr>
                        <th scope="col" class="num">"Time"</th>
                        <th scope="col">"Event"</th>
                        <th scope="col">"Spell / buff"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">{format::capitalize(&resource)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let n = if show_all.get() { usize::MAX } else { LOG_ROWS };
                        sample.log.iter().take(n).map(|e| row(e, &names)).collect_view()
                    }}
                </tbody>
            </table>
        </div>
        <Show when=move || long && !show_all.get()>
            <button class="btn btn-small" on:click=move |_| show_all.set(true)>
                {format!("Show all {total} events")}
            </button>
        </Show>
    }
}

/// Display names by spell or buff id (from the report's abilities and buffs): the log shows
/// what the Abilities and Buffs tabs show.
pub type Names = Arc<std::collections::HashMap<String, String>>;

/// One entry of the log as a table row.
fn row(e: &LogEntry, names: &Names) -> impl IntoView {
    let name = names
        .get(&e.name)
        .cloned()
        .unwrap_or_else(|| e.name.replace('_', " "));
    let buff = matches!(e.kind, LogKind::BuffGain | LogKind::BuffFade);
    let amount = if buff {
        // A buff event's amount is its stacks after the change.
        match e.amount as u32 {
            0 => String::new(),
            1 => "1 stack".to_string(),
            n => format!("{n} stacks"),
        }
    } else if e.amount > 0.0 {
        format::thousands(e.amount)
    } else {
        String::new()
    };
    let kind = serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default();
    view! {
        <tr class:crit=e.crit>
            <td class="num mono">{format!("{:.3}", e.time)}</td>
            <td>{kind}</td>
            <td>{name}{(e.target > 0).then(|| format!(" → target {}", e.target + 1))}</td>
            <td class="num">{amount}{e.crit.then_some(" crit")}</td>
            <td class="num">{format::thousands(e.resource)}</td>
        </tr>
    }
}
