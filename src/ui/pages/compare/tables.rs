//! Abilities (DPS per run with the change against the baseline; "—" where a run lacks one) and
//! stat weights side by side.

use super::{dps::sign, ScrollHint};
use crate::{model::Comparison, ui::format};
use leptos::prelude::*;
use std::sync::Arc;

/// DPS by ability for every run.
#[component]
pub fn AbilitiesTable(comparison: Arc<Comparison>, names: Vec<String>) -> impl IntoView {
    let c = comparison;
    let heads = names
        .iter()
        .map(|n| view! { <th scope="col" class="num">{n.clone()}</th> })
        .collect_view();
    let rows = c
        .abilities
        .iter()
        .map(|a| {
            let cells = a
                .dps
                .iter()
                .zip(&a.delta)
                .map(|(dps, delta)| delta_cell(*dps, *delta, format::thousands))
                .collect_view();
            view! {
                <tr data-ability=a.id.clone()>
                    <th scope="row">{a.name.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card compare-section" aria-labelledby="abilities-title" data-testid="compare-abilities">
            <h2 id="abilities-title">"Abilities"</h2>
            <p class="help">"DPS per ability; in brackets the change against the baseline; — where a run did not use it."</p>
            <div class="table-wrap">
                <table class="data-table compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Ability"</th>
                            {heads}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScrollHint />
        </section>
    }
    .into_any()
}

/// A value (— when missing) and its change against the baseline in brackets.
fn delta_cell(value: Option<f64>, delta: Option<f64>, fmt: fn(f64) -> String) -> impl IntoView {
    let text = value.map(fmt).unwrap_or_else(|| "—".into());
    let change = delta.map(|d| {
        let class = if d > 0.0 {
            "delta delta-up"
        } else if d < 0.0 {
            "delta delta-down"
        } else {
            "delta"
        };
        view! { <span class=class>{format!(" ({}{})", sign(d), fmt(d.abs()))}</span> }
    });
    view! { <td class="num">{text}{change}</td> }
}

fn one_decimal(v: f64) -> String {
    format!("{v:.1}")
}

/// Executions per fight of every priority-list line for every run: what an edit changed.
#[component]
pub fn AplLinesTable(comparison: Arc<Comparison>, names: Vec<String>) -> impl IntoView {
    let c = comparison;
    if c.apl_lines.is_empty() {
        return ().into_any();
    }
    let heads = names
        .iter()
        .map(|n| view! { <th scope="col" class="num">{n.clone()}</th> })
        .collect_view();
    let rows = c
        .apl_lines
        .iter()
        .map(|l| {
            let cells = l
                .executions
                .iter()
                .zip(&l.delta)
                .map(|(v, d)| delta_cell(*v, *d, one_decimal))
                .collect_view();
            let list = (l.list != "default")
                .then(|| view! { <span class="muted">{format!("{}: ", l.list)}</span> });
            view! {
                <tr data-testid="compare-apl-line">
                    <th scope="row" class="apl-text">{list}<code>{l.text.clone()}</code></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card compare-section" aria-labelledby="apl-lines-title" data-testid="compare-apl-lines">
            <h2 id="apl-lines-title">"Priority-list lines"</h2>
            <p class="help">"How often each line acted per fight; in brackets the change against the baseline; — where a run's rotation lacks the line."</p>
            <div class="table-wrap">
                <table class="data-table compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Line"</th>
                            {heads}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScrollHint />
        </section>
    }
    .into_any()
}

/// Stat weights per run, when any run computed them.
#[component]
pub fn StatWeightsTable(comparison: Arc<Comparison>, names: Vec<String>) -> impl IntoView {
    let c = comparison;
    if c.stat_weights.is_empty() {
        return ().into_any();
    }
    let heads = names
        .iter()
        .map(|n| view! { <th scope="col" class="num">{n.clone()}</th> })
        .collect_view();
    let rows = c
        .stat_weights
        .iter()
        .map(|row| {
            let cells = row
                .weights
                .iter()
                .map(|w| {
                    let text = match w {
                        Some((weight, error)) => format!("{weight:.3} ± {error:.3}"),
                        None => "—".into(),
                    };
                    view! { <td class="num">{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{format::capitalize(&row.stat)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card compare-section" aria-labelledby="weights-title" data-testid="compare-weights">
            <h2 id="weights-title">"Stat weights"</h2>
            <p class="help">"Normalised to the primary stat (= 1), with their 95 % error; — where a run did not compute them."</p>
            <div class="table-wrap">
                <table class="data-table compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Stat"</th>
                            {heads}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScrollHint />
        </section>
    }
    .into_any()
}
