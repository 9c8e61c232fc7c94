//! The runs' settings side by side, rows that differ marked, and each differing APL as a line
//! diff against the baseline's.

use super::ScrollHint;
use crate::model::{Comparison, DiffLine, DiffOp};
use leptos::prelude::*;
use std::sync::Arc;

/// The settings table and the APL diffs.
#[component]
pub fn SettingsTable(comparison: Arc<Comparison>, names: Vec<String>) -> impl IntoView {
    let c = comparison;
    let differing = c.settings.iter().filter(|r| r.differs).count();
    let rows = c
        .settings
        .iter()
        .map(|row| {
            let values = row
                .values
                .iter()
                .map(|v| view! { <td>{v.clone()}</td> })
                .collect_view();
            view! {
                <tr class:differs=row.differs data-setting=row.key.clone()>
                    <th scope="row">
                        {row.label.clone()}
                        {row.differs.then(|| view! { <span class="differs-mark" title="Differs across runs">" ≠ differs"</span> })}
                    </th>
                    {values}
                </tr>
            }
        })
        .collect_view();
    let diffs = c
        .runs
        .iter()
        .zip(&names)
        .filter_map(|(r, name)| Some((name.clone(), r.apl_diff.clone()?)))
        .map(|(name, lines)| view! { <AplDiff name lines /> })
        .collect_view();
    let heads = names
        .iter()
        .map(|n| view! { <th scope="col">{n.clone()}</th> })
        .collect_view();
    view! {
        <section class="card compare-section" aria-labelledby="settings-title" data-testid="compare-settings">
            <h2 id="settings-title">"Settings"</h2>
            <p class="help">
                {match differing {
                    0 => "Every setting is the same.".to_string(),
                    1 => "1 setting differs (marked).".to_string(),
                    n => format!("{n} settings differ (marked)."),
                }}
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Settings (table)">
                <table class="data-table compare-table settings-table">
                    <thead>
                        <tr>
                            <th scope="col">"Setting"</th>
                            {heads}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScrollHint />
            {diffs}
        </section>
    }
    .into_any()
}

/// One run's APL against the baseline's, line by line.
#[component]
fn AplDiff(name: String, lines: Vec<DiffLine>) -> impl IntoView {
    let text = lines
        .into_iter()
        .map(|l| {
            let (class, mark) = match l.op {
                DiffOp::Same => ("diff-same", "  "),
                DiffOp::Added => ("diff-added", "+ "),
                DiffOp::Removed => ("diff-removed", "- "),
            };
            view! { <span class=class>{format!("{mark}{}\n", l.text)}</span> }
        })
        .collect_view();
    view! {
        <details class="apl-diff" data-testid="apl-diff">
            <summary>{format!("APL of {name} against the baseline's")}</summary>
            <pre class="apl-view"><code>{text}</code></pre>
        </details>
    }
    .into_any()
}
