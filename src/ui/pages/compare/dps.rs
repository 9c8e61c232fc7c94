//! Each run's mean DPS with its 95 % error, and against the baseline the difference with the
//! 95 % interval of the difference, a verdict, and the method that computed it.

use super::ScrollHint;
use crate::{
    model::{paths, Comparison},
    ui::format,
};
use leptos::prelude::*;
use leptos_router::components::A;
use rotasim_engine::compare::Verdict;
use std::sync::Arc;

/// The DPS table and the method note.
#[component]
pub fn DpsSummary(comparison: Arc<Comparison>, names: Vec<String>) -> impl IntoView {
    let c = comparison;
    let rows = c
        .runs
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (r, name))| {
            let s = &r.stats;
            let (delta, delta_pct, verdict) = match (&r.difference, i) {
                (_, 0) => (
                    "baseline".to_string(),
                    "—".to_string(),
                    view! { <span class="verdict verdict-base">"baseline"</span> }.into_any(),
                ),
                (Some(d), _) => (
                    format!("{}{} ± {}", sign(d.dps), format::thousands(d.dps.abs()), format::thousands(d.error)),
                    format!("{:+.1} % ± {:.1} %", d.pct, d.error_pct),
                    {
                        let class = match d.verdict {
                            Verdict::Better => "verdict verdict-better",
                            Verdict::Worse => "verdict verdict-worse",
                            Verdict::Same => "verdict verdict-same",
                        };
                        let text = r.verdict.clone().unwrap_or_default();
                        view! { <span class=class data-testid="verdict">{text}</span> }.into_any()
                    },
                ),
                (None, _) => (
                    "—".to_string(),
                    "—".to_string(),
                    view! { <span class="verdict verdict-same">"too few iterations for an interval"</span> }.into_any(),
                ),
            };
            view! {
                <tr data-job=r.job_id.clone()>
                    <th scope="row">
                        <A href=paths::result_page(&r.job_id)>{name}</A>
                        <span class="cell-sub">{format::relative(&r.created_at, format::now_secs())}</span>
                    </th>
                    <td class="num dps">{format::thousands(s.mean_dps)}</td>
                    <td class="num">{format!("± {} ({})", format::thousands(s.error), format::pct(s.error_pct, 2))}</td>
                    <td class="num">{delta}</td>
                    <td class="num">{delta_pct}</td>
                    <td>{verdict}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card compare-section" aria-labelledby="dps-title" data-testid="compare-dps">
            <h2 id="dps-title">"DPS against the baseline"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="DPS against the baseline (table)">
                <table class="data-table compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Run"</th>
                            <th scope="col" class="num">"Mean DPS"</th>
                            <th scope="col" class="num">"95 % error"</th>
                            <th scope="col" class="num">"Difference (DPS)"</th>
                            <th scope="col" class="num">"Difference (%)"</th>
                            <th scope="col">"Verdict"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScrollHint />
            <p class="help method" data-testid="compare-method">
                "Method: " <strong>{c.method_description.clone()}</strong>
                ". Each difference is this run minus the baseline with its 95 % interval; it is \
                 called better or worse only when the whole interval lies above or below zero."
            </p>
        </section>
    }
    .into_any()
}

/// "+" for a positive number, "-" for a negative one.
pub fn sign(x: f64) -> &'static str {
    if x > 0.0 {
        "+"
    } else if x < 0.0 {
        "-"
    } else {
        ""
    }
}
