//! The Overview tab: the DPS statistics as cards, and the DPS distribution.

use super::ReportData;
use crate::ui::{
    components::{
        chart::{Chart, Plot},
        stat_card::StatCard,
    },
    format,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Statistics cards and the distribution chart.
#[component]
pub fn Overview(report: Arc<ReportData>) -> impl IntoView {
    let s = &report.stats;
    let targets = report.charts.targets;
    let stopped = if report.charts.stopped_at_target_error {
        "stopped at the target error".to_string()
    } else {
        String::new()
    };
    view! {
        <div class="stat-cards">
            <StatCard label="Mean DPS" value=format::thousands(s.mean_dps) detail=format!("± {} ({} at 95 %)", format::thousands(s.error), format::pct(s.error_pct, 2)) big=true />
            <StatCard label="Median DPS" value=format::thousands(s.median_dps) />
            <StatCard label="Min / Max" value=format!("{} / {}", format::thousands(s.min_dps), format::thousands(s.max_dps)) />
            <StatCard label="5th – 95th percentile" value=format!("{} – {}", format::thousands(s.p5_dps), format::thousands(s.p95_dps)) />
            <StatCard label="Std deviation" value=format::thousands(s.std_dev) />
            <StatCard label="Iterations" value=format::thousands(s.iterations as f64) detail=stopped />
            <StatCard label="Mean fight length" value=format::clock(s.duration) detail=format!("{} target{} · {}", targets, if targets == 1 { "" } else { "s" }, report.fight) />
        </div>
        <h2>"DPS distribution"</h2>
        <Chart plot=Plot::Histogram(report.charts.histogram.clone()) label=format!("Histogram of DPS over {} iterations, from {} to {}", s.iterations, format::thousands(s.min_dps), format::thousands(s.max_dps)) />
    }
}
