//! The Buffs tab: each buff's uptime, average stacks and triggers, highest uptime first.

use super::ReportData;
use crate::ui::format;
use leptos::prelude::*;
use std::sync::Arc;

/// The buff table.
#[component]
pub fn Buffs(report: Arc<ReportData>) -> impl IntoView {
    let mut buffs = report.charts.buffs.clone();
    buffs.sort_by(|a, b| b.uptime.total_cmp(&a.uptime));
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Buffs (table)">
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
