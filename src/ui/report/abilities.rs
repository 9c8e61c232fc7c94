//! The Abilities tab: damage by ability in a table sortable by any column, and as a chart.

use super::ReportData;
use crate::ui::{
    components::chart::{Chart, Plot},
    format,
};
use leptos::prelude::*;
use rotasim_engine::report::AbilityStats;
use std::sync::Arc;

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

/// The sortable ability table and the DPS-by-ability chart.
#[component]
pub fn Abilities(report: Arc<ReportData>) -> impl IntoView {
    let sort = RwSignal::new((Col::Dps, true));
    let all = StoredValue::new(report.charts.abilities.clone());
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
        <div class="table-wrap" tabindex="0" role="region" aria-label="Abilities (table)">
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
                                <th scope="row">
                                    {a.name.clone()}
                                    // Cast for its effect (a cooldown, a buff): it deals no damage itself.
                                    {(a.damage == 0.0).then(|| view! { <span class="muted no-damage">" · no damage"</span> })}
                                </th>
                                <td class="num">{if a.damage == 0.0 { "—".to_string() } else { format::thousands(a.dps) }}</td>
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
        <h2>"DPS by ability"</h2>
        <Chart plot=Plot::Abilities(all.get_value()) label="Bar chart of DPS by ability" />
    }
}
