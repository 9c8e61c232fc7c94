//! The Timeline tab: mean DPS and resource over the fight, and the sample iteration's event log.

use super::{
    event_log::{EventLog, Names, SampleLog},
    ReportData,
};
use crate::ui::{
    components::chart::{Chart, Plot},
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
    let resource_plot = Plot::Resource {
        name: resource.clone(),
        values: timeline.resource.clone(),
    };
    view! {
        <h3>"DPS over time (mean of all iterations)"</h3>
        <Chart plot=Plot::DpsTimeline(timeline.dps.clone()) label="Line chart of mean DPS per second of the fight" />
        <h3>{format!("{} over time (mean of all iterations)", format::capitalize(&resource))}</h3>
        <Chart plot=resource_plot label=format!("Line chart of {resource} per second of the fight") />
        <h3>"Sample iteration event log"</h3>
        <EventLog job_id=report.job_id.clone() resource log names />
    }
}
