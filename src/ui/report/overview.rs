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
/// "1:52 – 2:10 · Dungeon slice · 13 targets, 13 killed (health estimated)"; reports from before
/// targets had health say "5 targets · AoE".
fn fight_detail(report: &ReportData) -> String {
    let s = &report.stats;
    let fight = format::fight(&report.fight);
    if s.targets_seen <= 0.0 {
        let n = report.charts.targets;
        return format!("{n} target{} · {fight}", if n == 1 { "" } else { "s" });
    }
    let range = if s.max_duration > 0.0 {
        format!(
            "{} – {} · ",
            format::clock(s.min_duration),
            format::clock(s.max_duration)
        )
    } else {
        String::new()
    };
    let seen = format::num(s.targets_seen);
    let plural = if seen == "1" { "" } else { "s" };
    let estimated = if s.estimated_health {
        " (health estimated)"
    } else {
        ""
    };
    format!(
        "{range}{fight} · {seen} target{plural}, {} killed{estimated}",
        format::num(s.targets_killed)
    )
}

#[component]
pub fn Overview(report: Arc<ReportData>) -> impl IntoView {
    let s = &report.stats;
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
            <StatCard label="Mean fight length" value=format::clock(s.duration) detail=fight_detail(&report) />
        </div>
        <h2>"DPS distribution"</h2>
        <Chart plot=Plot::Histogram(report.charts.histogram.clone()) label=format!("Histogram of DPS over {} iterations, from {} to {}", s.iterations, format::thousands(s.min_dps), format::thousands(s.max_dps)) />
    }
}
