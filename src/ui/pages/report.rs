//! A completed simulation's report: Overview, Abilities, Timeline, Buffs and Stat Weights tabs.

use crate::ui::{
    components::chart::{ChartKind, ReportChart},
    format,
    pages::results::StatCard,
};
use leptos::{html, prelude::*};
use rotasim_engine::{report::AbilityStats, SimReport};
use std::sync::Arc;

/// The report's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Abilities,
    Timeline,
    Buffs,
    StatWeights,
}

impl Tab {
    fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Abilities => "Abilities",
            Tab::Timeline => "Timeline",
            Tab::Buffs => "Buffs",
            Tab::StatWeights => "Stat Weights",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Abilities => "abilities",
            Tab::Timeline => "timeline",
            Tab::Buffs => "buffs",
            Tab::StatWeights => "stat-weights",
        }
    }
}

/// The report in accessible tabs (arrow keys, Home and End move between them).
#[component]
pub fn ReportTabs(report: Arc<SimReport>) -> impl IntoView {
    let mut tabs = vec![Tab::Overview, Tab::Abilities, Tab::Timeline, Tab::Buffs];
    if report.stat_weights.is_some() {
        tabs.push(Tab::StatWeights);
    }
    let tabs = StoredValue::new(tabs);
    let active = RwSignal::new(Tab::Overview);
    let refs: Vec<NodeRef<html::Button>> =
        tabs.with_value(|t| t.iter().map(|_| NodeRef::new()).collect());
    let refs = StoredValue::new(refs);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let list = tabs.get_value();
        let i = list
            .iter()
            .position(|t| *t == active.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % list.len(),
            "ArrowLeft" => (i + list.len() - 1) % list.len(),
            "Home" => 0,
            "End" => list.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        active.set(list[next]);
        if let Some(b) = refs.with_value(|r| r[next].get_untracked()) {
            let _ = b.focus();
        }
    };
    let r = report.clone();
    view! {
        <section class="report">
            <div class="tabs" role="tablist" aria-label="Report" on:keydown=on_key>
                {tabs
                    .get_value()
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let selected = move || active.get() == t;
                        view! {
                            <button
                                role="tab"
                                class="tab"
                                id=format!("tab-{}", t.slug())
                                aria-controls=format!("panel-{}", t.slug())
                                aria-selected=move || selected().to_string()
                                tabindex=move || if selected() { "0" } else { "-1" }
                                node_ref=refs.with_value(|r| r[i])
                                on:click=move |_| active.set(t)
                            >
                                {t.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                let t = active.get();
                let r = r.clone();
                let body = match t {
                    Tab::Overview => view! { <Overview report=r /> }.into_any(),
                    Tab::Abilities => view! { <Abilities report=r /> }.into_any(),
                    Tab::Timeline => view! { <Timeline report=r /> }.into_any(),
                    Tab::Buffs => view! { <Buffs report=r /> }.into_any(),
                    Tab::StatWeights => view! { <StatWeights report=r /> }.into_any(),
                };
                view! {
                    <div
                        class="tab-panel"
                        role="tabpanel"
                        id=format!("panel-{}", t.slug())
                        aria-labelledby=format!("tab-{}", t.slug())
                        tabindex="0"
                    >
                        {body}
                    </div>
                }
            }}
        </section>
    }
}

#[component]
fn Overview(report: Arc<SimReport>) -> impl IntoView {
    let s = &report.stats;
    view! {
        <div class="stat-cards">
            <StatCard label="Mean DPS" value=format::thousands(s.mean_dps) detail=format!("± {} ({} at 95 %)", format::thousands(s.error), format::pct(s.error_pct, 2)) big=true />
            <StatCard label="Median DPS" value=format::thousands(s.median_dps) />
            <StatCard label="Min / Max" value=format!("{} / {}", format::thousands(s.min_dps), format::thousands(s.max_dps)) />
            <StatCard label="5th – 95th percentile" value=format!("{} – {}", format::thousands(s.p5_dps), format::thousands(s.p95_dps)) />
            <StatCard label="Std deviation" value=format::thousands(s.std_dev) />
            <StatCard label="Iterations" value=format::thousands(s.iterations as f64) detail=if report.stopped_at_target_error { "stopped at the target error".to_string() } else { String::new() } />
            <StatCard label="Mean fight length" value=format::clock(s.duration) detail=format!("{} target{} · {}", report.targets, if report.targets == 1 { "" } else { "s" }, report.fight.name()) />
        </div>
        <h3>"DPS distribution"</h3>
        <ReportChart kind=ChartKind::Histogram report=report.clone() label=format!("Histogram of DPS over {} iterations, from {} to {}", s.iterations, format::thousands(s.min_dps), format::thousands(s.max_dps)) />
    }
}

/// Sortable columns of the abilities table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Dps,
    Share,
    Damage,
    Casts,
    Hits,
    Crit,
    AvgHit,
}

impl Col {
    const ALL: [Col; 8] = [
        Col::Name,
        Col::Dps,
        Col::Share,
        Col::Damage,
        Col::Casts,
        Col::Hits,
        Col::Crit,
        Col::AvgHit,
    ];

    fn label(self) -> &'static str {
        match self {
            Col::Name => "Ability",
            Col::Dps => "DPS",
            Col::Share => "Share",
            Col::Damage => "Damage",
            Col::Casts => "Casts",
            Col::Hits => "Hits",
            Col::Crit => "Crit %",
            Col::AvgHit => "Avg hit",
        }
    }

    fn key(self, a: &AbilityStats) -> f64 {
        match self {
            Col::Name => 0.0,
            Col::Dps => a.dps,
            Col::Share => a.share,
            Col::Damage => a.damage,
            Col::Casts => a.casts,
            Col::Hits => a.hits,
            Col::Crit => a.crit_pct,
            Col::AvgHit => a.avg_hit,
        }
    }
}

#[component]
fn Abilities(report: Arc<SimReport>) -> impl IntoView {
    let sort = RwSignal::new((Col::Dps, true));
    let all = StoredValue::new(report.abilities.clone());
    let rows = move || {
        let (col, desc) = sort.get();
        let mut v = all.get_value();
        v.sort_by(|a, b| {
            let o = if col == Col::Name {
                a.name.cmp(&b.name)
            } else {
                col.key(a).total_cmp(&col.key(b))
            };
            if desc {
                o.reverse()
            } else {
                o
            }
        });
        v
    };
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="abilities-table">
                <caption class="sr-only">"Damage by ability; select a column heading to sort"</caption>
                <thead>
                    <tr>
                        {Col::ALL
                            .into_iter()
                            .map(|c| {
                                let aria = move || match sort.get() {
                                    (s, true) if s == c => "descending",
                                    (s, false) if s == c => "ascending",
                                    _ => "none",
                                };
                                view! {
                                    <th scope="col" aria-sort=aria class:num=c != Col::Name>
                                        <button
                                            class="sort"
                                            on:click=move |_| sort.update(|(s, d)| {
                                                if *s == c { *d = !*d } else { *s = c; *d = c != Col::Name }
                                            })
                                        >
                                            {c.label()}
                                            <span aria-hidden="true" class="sort-mark">
                                                {move || match sort.get() {
                                                    (s, true) if s == c => "▼",
                                                    (s, false) if s == c => "▲",
                                                    _ => "",
                                                }}
                                            </span>
                                        </button>
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || rows()
                        .into_iter()
                        .map(|a| view! {
                            <tr>
                                <th scope="row">{a.name.clone()}</th>
                                <td class="num">{format::thousands(a.dps)}</td>
                                <td class="num">
                                    <span class="share-bar" style=format!("--share: {:.1}%", a.share)></span>
                                    {format::pct(a.share, 1)}
                                </td>
                                <td class="num">{format::thousands(a.damage)}</td>
                                <td class="num">{format!("{:.1}", a.casts)}</td>
                                <td class="num">{format!("{:.1}", a.hits)}</td>
                                <td class="num">{format::pct(a.crit_pct, 1)}</td>
                                <td class="num">{format::thousands(a.avg_hit)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h3>"DPS by ability"</h3>
        <ReportChart kind=ChartKind::Abilities report=report.clone() label="Bar chart of DPS by ability" />
    }
}

/// Entries of the sample log shown at first.
const LOG_ROWS: usize = 300;

#[component]
fn Timeline(report: Arc<SimReport>) -> impl IntoView {
    let show_all = RwSignal::new(false);
    let log = StoredValue::new(report.sample_log.clone());
    let total = report.sample_log.len();
    let long = total > LOG_ROWS;
    let resource = report.timeline.resource_name.clone();
    view! {
        <h3>"DPS over time"</h3>
        <ReportChart kind=ChartKind::DpsTimeline report=report.clone() label="Line chart of mean DPS per second of the fight" />
        <h3>{format!("{} over time", capitalize(&resource))}</h3>
        <ReportChart kind=ChartKind::Resource report=report.clone() label=format!("Line chart of {resource} per second of the fight") />
        <h3>"Sample iteration event log"</h3>
        <div class="table-wrap log-wrap">
            <table class="data-table log-table" data-testid="event-log">
                <thead>
                    <tr>
                        <th scope="col" class="num">"Time"</th>
                        <th scope="col">"Event"</th>
                        <th scope="col">"Spell / buff"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">{capitalize(&resource)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let n = if show_all.get() { usize::MAX } else { LOG_ROWS };
                        log.with_value(|l| {
                            l.iter()
                                .take(n)
                                .map(|e| {
                                    let kind = serde_json::to_value(e.kind)
                                        .ok()
                                        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                                        .unwrap_or_default();
                                    view! {
                                        <tr class:crit=e.crit>
                                            <td class="num mono">{format!("{:.3}", e.time)}</td>
                                            <td>{kind}</td>
                                            <td>{e.name.clone()}{(e.target > 0).then(|| format!(" → target {}", e.target + 1))}</td>
                                            <td class="num">{if e.amount > 0.0 { format::thousands(e.amount) } else { String::new() }}{e.crit.then_some(" crit")}</td>
                                            <td class="num">{format::thousands(e.resource)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        })
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

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[component]
fn Buffs(report: Arc<SimReport>) -> impl IntoView {
    let mut buffs = report.buffs.clone();
    buffs.sort_by(|a, b| b.uptime.total_cmp(&a.uptime));
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="buffs-table">
                <thead>
                    <tr>
                        <th scope="col">"Buff"</th>
                        <th scope="col" class="num">"Uptime"</th>
                        <th scope="col" class="num">"Avg stacks"</th>
                        <th scope="col" class="num">"Triggers"</th>
                    </tr>
                </thead>
                <tbody>
                    {buffs
                        .into_iter()
                        .map(|b| view! {
                            <tr>
                                <th scope="row">{b.name}</th>
                                <td class="num">
                                    <span class="share-bar" style=format!("--share: {:.1}%", b.uptime)></span>
                                    {format::pct(b.uptime, 1)}
                                </td>
                                <td class="num">{format!("{:.2}", b.avg_stacks)}</td>
                                <td class="num">{format!("{:.1}", b.triggers)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn StatWeights(report: Arc<SimReport>) -> impl IntoView {
    let weights = report.stat_weights.clone().unwrap_or_default();
    view! {
        <p class="muted">"Weights are normalised to the primary stat (= 1) with their 95 % error; each comes from a run with more of one stat on the same random numbers."</p>
        <ReportChart kind=ChartKind::StatWeights report=report.clone() label="Bar chart of stat weights with error bars" />
        <div class="table-wrap">
            <table class="data-table" data-testid="weights-table">
                <thead>
                    <tr>
                        <th scope="col">"Stat"</th>
                        <th scope="col" class="num">"Weight"</th>
                        <th scope="col" class="num">"DPS per point"</th>
                    </tr>
                </thead>
                <tbody>
                    {weights
                        .into_iter()
                        .map(|w| view! {
                            <tr>
                                <th scope="row">{capitalize(w.stat.name())}</th>
                                <td class="num">{format!("{:.3} ± {:.3}", w.weight, w.error)}</td>
                                <td class="num">{format!("{:.3}", w.dps_per_point)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
