//! The Timeline tab: mean DPS and resource over the fight, and the sample iteration's event log.

use super::{
    event_log::{EventLog, Names, SampleLog},
    ReportData,
};
use crate::ui::{
    components::chart::{Chart, DpsOverTime, Plot},
    format,
};
use leptos::prelude::*;
use std::sync::Arc;

/// The two timeline charts and the event log (`log`, kept by the tabs).
#[component]
pub fn Timeline(report: Arc<ReportData>, log: RwSignal<SampleLog>) -> impl IntoView {
    let timeline = &report.timeline;
    let resource = timeline.resource_name.clone();
    let names: Names = Arc::new(
        report
            .charts
            .abilities
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .chain(
                report
                    .charts
                    .buffs
                    .iter()
                    .map(|b| (b.id.clone(), b.name.clone())),
            )
            .collect(),
    );
    let dps = DpsOverTime::of(timeline);
    let dps_note = if dps.sd.is_empty() {
        "Each second's damage, averaged over every iteration still fighting at that second."
            .to_string()
    } else {
        format!(
            "The line is the mean over iterations of each iteration's DPS over {} seconds \
             centred on that second; the band spans one standard deviation either side, \
             where about two iterations in three fall.",
            dps.window_secs
        )
    };
    let resource_plot = Plot::Resource {
        name: resource.clone(),
        values: timeline.resource.clone(),
    };
    view! {
        <h2>"DPS over time (mean of all iterations)"</h2>
        <p class="muted chart-note">{dps_note}</p>
        <Chart plot=Plot::DpsTimeline(dps) label="Line chart of mean DPS over the fight, with a band of one standard deviation over iterations" />
        <h2>{format!("{} over time (mean of all iterations)", format::capitalize(&resource))}</h2>
        <Chart plot=resource_plot label=format!("Line chart of {resource} per second of the fight") />
        <h2>"Sample iteration event log"</h2>
        <EventLog job_id=report.job_id.clone() resource log names />
    }
}
