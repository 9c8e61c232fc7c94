//! A batch's ranking: every variant's mean DPS with its 95 % error as sorted bars, filled in
//! live from the stream's partial statistics, then the comparison against the baseline with the
//! paired interval (and Welch's, to show what pairing saved).

use super::state::JobState;
use crate::{
    model::{BatchResult, VariantResult},
    ui::format,
};
use leptos::prelude::*;
use rotasim_engine::{
    compare::{Difference, Method, Verdict},
    StatKind,
};
use std::sync::Arc;

/// One bar of the ranking.
#[derive(Debug, Clone, PartialEq)]
struct Bar {
    label: String,
    mean: f64,
    error: f64,
    iterations: u64,
    baseline: bool,
    /// Against the baseline, once final ("+2.1 % ± 0.3 % — better").
    verdict: Option<String>,
}

/// The bars of a finished batch, in submission order.
fn final_bars(batch: &BatchResult) -> Vec<Bar> {
    batch
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| Bar {
            label: v.label.clone(),
            mean: v.stats.mean_dps,
            error: v.stats.error,
            iterations: v.stats.iterations,
            baseline: i == 0,
            verdict: v.paired.map(|d| d.summary()),
        })
        .collect()
}

/// The batch section of a results page (nothing for a single run).
#[component]
pub fn BatchSection(state: JobState) -> impl IntoView {
    let labels = state.job.with_value(|j| j.variant_labels.clone());
    if labels.is_empty() {
        return ().into_any();
    }
    let labels = StoredValue::new(labels);
    let JobState {
        variants, batch, ..
    } = state;
    let bars = Signal::derive(move || -> Vec<Bar> {
        if let Some(b) = batch.get() {
            return final_bars(&b);
        }
        let live = variants.get().unwrap_or_default();
        labels.with_value(|labels| {
            labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let s = live.get(i);
                    Bar {
                        label: label.clone(),
                        mean: s.map_or(0.0, |s| s.mean_dps),
                        error: s.map_or(0.0, |s| s.error),
                        iterations: s.map_or(0, |s| s.iterations),
                        baseline: i == 0,
                        verdict: None,
                    }
                })
                .collect()
        })
    });
    let done = move || batch.with(Option::is_some);
    view! {
        <section class="card batch-card" aria-labelledby="batch-title" data-testid="batch">
            <div class="card-head">
                <h2 id="batch-title">"Ranking"</h2>
                <span class="muted small" data-testid="batch-state">
                    {move || if done() { "final" } else { "live — filling in as the iterations run" }}
                </span>
            </div>
            <Ranking bars />
            {move || batch.get().map(|b| view! { <Comparison batch=b /> })}
        </section>
    }
    .into_any()
}

/// A finished batch's ranking and comparison (the read-only share page).
#[component]
pub fn FinalBatch(batch: Arc<BatchResult>) -> impl IntoView {
    let bars = Signal::derive({
        let batch = batch.clone();
        move || final_bars(&batch)
    });
    view! {
        <section class="card batch-card" aria-labelledby="batch-title" data-testid="batch">
            <h2 id="batch-title">"Ranking"</h2>
            <Ranking bars />
            <Comparison batch />
        </section>
    }
    .into_any()
}

/// Sorted bars (highest mean first) with error whiskers.
#[component]
fn Ranking(bars: Signal<Vec<Bar>>) -> impl IntoView {
    let sorted = move || {
        let mut bars = bars.get();
        bars.sort_by(|a, b| b.mean.total_cmp(&a.mean));
        bars
    };
    let scale = move || {
        bars.with(|b| {
            b.iter()
                .map(|b| b.mean + b.error)
                .fold(0.0_f64, f64::max)
                .max(1.0)
        })
    };
    view! {
        <ol class="ranking" aria-label="Variants by mean DPS, highest first">
            <For each=sorted key=|b| (b.label.clone(), b.mean.to_bits(), b.iterations) let:bar>
                {
                    let max = scale();
                    let pct = |x: f64| format!("{:.3}%", (100.0 * x / max).clamp(0.0, 100.0));
                    let whisker_left = pct(bar.mean - bar.error);
                    let whisker_width = pct(2.0 * bar.error);
                    view! {
                        <li class="rank-row" class:baseline=bar.baseline data-testid="rank-row" data-label=bar.label.clone() data-iterations=bar.iterations>
                            <span class="rank-label">
                                {bar.label.clone()}
                                {bar.baseline.then(|| view! { <span class="tag">"baseline"</span> })}
                                {bar.verdict.clone().map(|v| view! { <span class="muted small block">{v}</span> })}
                            </span>
                            <span class="rank-track">
                                <span class="rank-bar" style:width=pct(bar.mean)></span>
                                <span class="rank-whisker" style:left=whisker_left style:width=whisker_width></span>
                            </span>
                            <span class="rank-value num" data-testid="rank-value">
                                {if bar.iterations == 0 {
                                    "waiting…".to_string()
                                } else {
                                    format!("{} ± {}", format::thousands(bar.mean), format::thousands(bar.error))
                                }}
                            </span>
                        </li>
                    }
                }
            </For>
        </ol>
    }
}

/// The final comparison: each variant against the baseline.
#[component]
fn Comparison(batch: Arc<BatchResult>) -> impl IntoView {
    let mut rows: Vec<VariantResult> = batch.variants.clone();
    rows.sort_by_key(|v| v.rank);
    let baseline = batch
        .variants
        .first()
        .map(|v| v.label.clone())
        .unwrap_or_default();
    let baseline_head = baseline.clone();
    let ratios: Vec<f64> = batch
        .variants
        .iter()
        .filter_map(|v| Some(v.welch?.error / v.paired?.error))
        .filter(|r| r.is_finite())
        .collect();
    let tighter = (!ratios.is_empty()).then(|| ratios.iter().sum::<f64>() / ratios.len() as f64);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Comparison with the baseline (table)">
            <table class="data-table" data-testid="batch-table">
                <thead>
                    <tr>
                        <th scope="col" class="num">"#"</th>
                        <th scope="col">"Variant"</th>
                        <th scope="col" class="num">"Mean DPS"</th>
                        <th scope="col">{format!("vs {baseline_head} (paired)")}</th>
                        <th scope="col" class="num" title="Welch's interval of the same difference had the variants been run separately">"Separate runs"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|v| view! {
                            <tr data-testid="batch-row" data-label=v.label.clone()>
                                <td class="num">{v.rank}</td>
                                <th scope="row">
                                    {v.label.clone()}
                                    <span class="muted small block">{rotation_line(&v)}</span>
                                </th>
                                <td class="num">{format!("{} ± {}", format::thousands(v.stats.mean_dps), format::thousands(v.stats.error))}</td>
                                <td>{difference(v.paired)}</td>
                                <td class="num">{v.welch.map(|w| format!("± {:.2} %", w.error_pct)).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p class="muted small" data-testid="batch-method">
            {format!(
                "Differences to the baseline use {}: every variant ran the same {} iterations on the same random numbers.",
                Method::Paired.describe(),
                format::thousands(batch.variants.first().map_or(0, |v| v.stats.iterations) as f64),
            )}
            {tighter.map(|t| format!(" Paired intervals here are {t:.1}× tighter than separate runs would give (Welch)."))}
            {format!(" The report below is the baseline's ({baseline}).")}
        </p>
        <div class="variant-apls">
            {batch
                .variants
                .iter()
                .map(|v| view! {
                    <details class="variant-apl">
                        <summary>{format!("{} — rotation as simulated", v.label)}</summary>
                        <p class="muted small">{character_line(v)}</p>
                        <pre class="apl-view"><code>{v.apl.clone()}</code></pre>
                    </details>
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

fn rotation_line(v: &VariantResult) -> String {
    let version = v
        .rotation_version
        .map(|n| format!(" · v{n}"))
        .unwrap_or_default();
    format!("{}{version}", v.rotation_name)
}

fn character_line(v: &VariantResult) -> String {
    match &v.character {
        None => format!("{} · the spec's default character", v.spec_name),
        Some(c) => format!(
            "{} · primary {} · crit {} · haste {} · mastery {} · versatility {}",
            v.spec_name,
            format::thousands(c.total(StatKind::Primary)),
            format::thousands(c.total(StatKind::Crit)),
            format::thousands(c.total(StatKind::Haste)),
            format::thousands(c.total(StatKind::Mastery)),
            format::thousands(c.total(StatKind::Versatility)),
        ),
    }
}

fn difference(d: Option<Difference>) -> AnyView {
    match d {
        None => view! { <span class="muted">"baseline"</span> }.into_any(),
        Some(d) => {
            let class = match d.verdict {
                Verdict::Better => "verdict better",
                Verdict::Worse => "verdict worse",
                Verdict::Same => "verdict same",
            };
            view! {
                <span class=class data-testid="verdict">{d.summary()}</span>
                <span class="muted small block">{format!("{}{} ± {} DPS", if d.dps >= 0.0 { "+" } else { "" }, format::thousands(d.dps), format::thousands(d.error))}</span>
            }
            .into_any()
        }
    }
}
