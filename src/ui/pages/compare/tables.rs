//! Abilities (DPS per run with the change against the baseline; "—" where a run lacks one),
//! priority-list lines (executions per fight, likewise) and stat weights side by side, each in the
//! same card.

use super::{dps::sign, ScrollHint};
use crate::{model::Comparison, ui::format};
use leptos::prelude::*;
use std::sync::Arc;

/// DPS by ability for every run.
#[component]
pub fn AbilitiesTable(comparison: Arc<Comparison>, names: Vec<String>) -> impl IntoView {
    let c = comparison;
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
        <CompareSection slug="abilities" title="Abilities" help="DPS per ability; in brackets the change against the baseline; — where a run did not use it." first="Ability" names rows=rows.into_any() />
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
        <CompareSection slug="apl-lines" title="Priority-list lines" help="How often each line acted per fight; in brackets the change against the baseline; — where a run's rotation lacks the line." first="Line" names rows=rows.into_any() />
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
        <CompareSection slug="weights" title="Stat weights" help="Normalised to the primary stat (= 1), with their 95 % error; — where a run did not compute them." first="Stat" names rows=rows.into_any() />
    }
    .into_any()
}

/// A comparison table in its card: title, help, the first column's header, one column per run
/// (`names`), and a scroll hint for phones.
#[component]
fn CompareSection(
    slug: &'static str,
    title: &'static str,
    help: &'static str,
    first: &'static str,
    names: Vec<String>,
    rows: AnyView,
) -> impl IntoView {
    let heads = names
        .into_iter()
        .map(|n| view! { <th scope="col" class="num">{n}</th> })
        .collect_view();
    view! {
        <section class="card compare-section" aria-labelledby=format!("{slug}-title") data-testid=format!("compare-{slug}")>
            <h2 id=format!("{slug}-title")>{title}</h2>
            <p class="help">{help}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{title} (table)")>
                <table class="data-table compare-table">
                    <thead>
                        <tr>
                            <th scope="col">{first}</th>
                            {heads}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScrollHint />
        </section>
    }
}
