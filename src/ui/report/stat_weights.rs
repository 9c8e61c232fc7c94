//! The Stat Weights tab: each stat's weight (primary = 1) with its 95 % error, as a chart and
//! a table.

use super::ReportData;
use crate::ui::{
    components::chart::{Chart, Plot},
    format,
};
use leptos::prelude::*;
use std::sync::Arc;

/// The weights chart and table.
#[component]
pub fn StatWeights(report: Arc<ReportData>) -> impl IntoView {
    let weights = report.charts.stat_weights.clone().unwrap_or_default();
    view! {
        <p class="muted">"Weights are normalised to the primary stat (= 1) with their 95 % error; each comes from a run with more of one stat on the same random numbers."</p>
        <Chart plot=Plot::StatWeights(weights.clone()) label="Bar chart of stat weights with error bars" />
        <div class="table-wrap" tabindex="0" role="region" aria-label="Stat weights (table)">
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
                                <th scope="row">{format::capitalize(w.stat.name())}</th>
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
