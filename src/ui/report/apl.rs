//! The APL tab: the priority list as run with each line's count per fight, share of casts and
//! of damage (lines never executed marked), the time accounting (APM, active and waiting time by
//! reason, overflow, cooldowns left ready), and the sample iteration's sequence with why-not.

use super::{
    event_log::{fetch, SampleLog},
    sequence::SampleSequence,
    ReportData,
};
use crate::ui::{components::stat_card::StatCard, format};
use leptos::prelude::*;
use rotasim_engine::insight::{AplLineStats, TimeAccounting};
use std::sync::Arc;

/// The APL tab; `log` holds the sample (fetched with the whole job when not at hand).
#[component]
pub fn AplTab(report: Arc<ReportData>, log: RwSignal<SampleLog>) -> impl IntoView {
    let lines = Arc::new(report.charts.apl_lines.clone());
    if lines.is_empty() {
        return view! {
            <p class="help">"This result was simulated before Rotasim counted priority-list lines: simulate it again to see them."</p>
        }
        .into_any();
    }
    let selected_line = RwSignal::new(None::<u32>);
    let job_id = report.job_id.clone();
    Effect::new(move |_| fetch(job_id.clone(), log));
    view! {
        <Accounting report=report.clone() />
        <h2 id="apl-lines-title">"Priority list as run"</h2>
        <p class="help">"Counts are per fight, averaged over every iteration. Select a line to see where it fired in the sample fight below."</p>
        <LinesTable lines=lines.clone() selected_line />
        <SampleSequence report lines log selected_line />
    }
    .into_any()
}

/// APM, active and waiting time, overflow and cooldown waste as cards.
#[component]
fn Accounting(report: Arc<ReportData>) -> impl IntoView {
    let c = &report.charts;
    let w: &TimeAccounting = &c.waiting;
    let reasons: Vec<String> = w
        .by_reason
        .iter()
        .filter(|x| x.pct >= 0.05)
        .map(|x| format!("{} {}", x.reason.label(), format::pct(x.pct, 1)))
        .collect();
    let waiting_detail = if reasons.is_empty() {
        "never idle".to_string()
    } else {
        reasons.join(" · ")
    };
    let overflow = c.overflow.iter().map(|o| {
        view! {
            <StatCard
                label=format!("{} overflow", format::capitalize(&o.resource))
                value=format!("{}/min", format::thousands(o.per_minute))
                detail=format!("{} per fight generated past the cap", format::thousands(o.total))
            />
        }
    });
    let waste = c.cooldown_waste.iter().map(|x| {
        view! {
            <StatCard
                label=format!("{} ready, unused", x.name)
                value=format!("{:.1} s", x.mean)
                detail=format!("per fight ({} s cooldown) · min {:.1} s, max {:.1} s", x.cooldown, x.min, x.max)
            />
        }
    });
    view! {
        <div class="stat-cards" data-testid="apl-accounting">
            <StatCard label="APM" value=format!("{:.1}", w.apm) detail="actions started per minute" />
            <StatCard label="Active time" value=format::pct(w.active_pct, 1) detail="casting, channelling or on the global cooldown" />
            <StatCard label="Waiting" value=format::pct(w.waiting_pct, 1) detail=waiting_detail />
            {overflow.collect_view()}
            {waste.collect_view()}
        </div>
    }
}

/// The lines of every list in order, each a row with its counts.
#[component]
fn LinesTable(
    lines: Arc<Vec<AplLineStats>>,
    selected_line: RwSignal<Option<u32>>,
) -> impl IntoView {
    let mut list = String::new();
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let header = (l.list != list).then(|| {
                list = l.list.clone();
                let name = if l.list == "default" {
                    "actions".to_string()
                } else {
                    format!("actions.{}", l.list)
                };
                view! { <tr class="apl-list-row"><th colspan="5" scope="colgroup"><code>{name}</code></th></tr> }
            });
            let i = i as u32;
            let pressed = move || selected_line.get() == Some(i);
            let toggle = move |_| selected_line.update(|s| *s = if *s == Some(i) { None } else { Some(i) });
            let counts = if l.never_executed {
                view! { <span class="badge badge-never">"never executed"</span> }.into_any()
            } else {
                view! {
                    <span class="count">{format!("{:.1}", l.executions)}</span>
                    <span class="muted range">{format!(" ({}–{})", l.min_executions, l.max_executions)}</span>
                }
                .into_any()
            };
            view! {
                {header}
                <tr
                    class="apl-line"
                    class:never=l.never_executed
                    class:selected=pressed
                    data-line=l.line
                    data-testid="apl-line"
                >
                    <td class="num mono line-no">{l.line}</td>
                    <td class="apl-text">
                        <button
                            type="button"
                            class="line-pick"
                            aria-pressed=move || pressed().to_string()
                            title="Show where this line fired in the sample fight"
                            on:click=toggle
                        >
                            <span class="swatch" style=format!("--swatch: var(--line-{})", i % 8)></span>
                            <code>{l.text.clone()}</code>
                        </button>
                    </td>
                    <td class="num" data-label="Per fight">{counts}</td>
                    <td class="num" data-label="Casts">{pct_or_dash(l.cast_share, l.kind == rotasim_engine::insight::LineKind::Cast)}</td>
                    <td class="num" data-label="Damage">{pct_or_dash(l.damage_share, l.damage > 0.0)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Priority-list lines (table)">
            <table class="data-table apl-table" aria-labelledby="apl-lines-title" data-testid="apl-lines">
                <thead>
                    <tr>
                        <th scope="col" class="num">"Line"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col" class="num">"Per fight"</th>
                        <th scope="col" class="num">"% of casts"</th>
                        <th scope="col" class="num">"% of damage"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn pct_or_dash(v: f64, applies: bool) -> String {
    if applies {
        format::pct(v, 1)
    } else {
        "—".into()
    }
}
