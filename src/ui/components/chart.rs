//! Charts, drawn in the browser by ECharts through charming. The server renders an empty,
//! labelled container; the browser draws into it once it is visible and redraws it when the
//! window is resized.

use leptos::prelude::*;
use rotasim_engine::report::{AbilityStats, Histogram, StatWeight};

/// What a chart draws, with its data.
#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    /// DPS distribution over iterations.
    Histogram(Histogram),
    /// DPS per ability.
    Abilities(Vec<AbilityStats>),
    /// Mean DPS per second of the fight.
    DpsTimeline(Vec<f64>),
    /// Mean primary resource per second of the fight.
    Resource {
        /// The resource's name.
        name: String,
        /// One value a second.
        values: Vec<f64>,
    },
    /// Stat weights with their 95 % error.
    StatWeights(Vec<StatWeight>),
}

impl Plot {
    fn slug(&self) -> &'static str {
        match self {
            Plot::Histogram(_) => "histogram",
            Plot::Abilities(_) => "abilities",
            Plot::DpsTimeline(_) => "dps-timeline",
            Plot::Resource { .. } => "resource",
            Plot::StatWeights(_) => "stat-weights",
        }
    }
}

/// One chart (its container's id is `chart-` and the plot's name, so one of each per page).
#[component]
pub fn Chart(
    /// What to draw.
    plot: Plot,
    /// Text alternative for screen readers.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let slug = plot.slug();
    let id = format!("chart-{slug}");
    #[cfg(feature = "hydrate")]
    {
        let instance = StoredValue::new_local(None::<charming::Echarts>);
        let target = id.clone();
        Effect::new(move |_| {
            let chart = draw::chart(&plot);
            let target = target.clone();
            // The container is in the document once the next frame is drawn.
            request_animation_frame(move || {
                match charming::WasmRenderer::new_opt(None, None)
                    .theme(charming::theme::Theme::Dark)
                    .render(&target, &chart)
                {
                    Ok(e) => instance.set_value(Some(e)),
                    Err(e) => leptos::logging::warn!("chart {target}: {e:?}"),
                }
            });
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| {
            instance.with_value(|e| {
                if let Some(e) = e {
                    e.resize(wasm_bindgen::JsValue::UNDEFINED);
                }
            });
        });
        on_cleanup(move || resize.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = plot;
    view! { <div class="chart" id=id data-chart=slug role="img" aria-label=label></div> }
}

#[cfg(feature = "hydrate")]
mod draw {
    use super::Plot;
    use charming::{
        component::{Axis, Grid},
        element::{AxisType, Tooltip, Trigger},
        series::{Bar, Boxplot, Line},
        Chart,
    };
    use rotasim_engine::report::StatWeight;

    const ACCENT: &str = "#f5a524";
    const ACCENT_2: &str = "#5cc8ff";

    fn base() -> Chart {
        Chart::new()
            .background_color("transparent")
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .grid(
                Grid::new()
                    .left("3%")
                    .right("4%")
                    .top(24)
                    .bottom("3%")
                    .contain_label(true),
            )
    }

    /// The chart of `plot`.
    pub fn chart(plot: &Plot) -> Chart {
        match plot {
            Plot::Histogram(h) => {
                let labels: Vec<String> = (0..h.counts.len())
                    .map(|i| format!("{:.1}k", (h.min + (i as f64 + 0.5) * h.bin_width) / 1000.0))
                    .collect();
                base()
                    .x_axis(
                        Axis::new()
                            .type_(AxisType::Category)
                            .name("DPS")
                            .data(labels),
                    )
                    .y_axis(Axis::new().type_(AxisType::Value).name("Iterations"))
                    .series(
                        Bar::new()
                            .name("Iterations")
                            .item_style(charming::element::ItemStyle::new().color(ACCENT))
                            .data(h.counts.iter().map(|&c| c as f64).collect()),
                    )
            }
            Plot::Abilities(all) => {
                let mut abilities: Vec<_> = all.iter().filter(|a| a.dps > 0.0).collect();
                abilities.sort_by(|a, b| a.dps.total_cmp(&b.dps));
                base()
                    .x_axis(Axis::new().type_(AxisType::Value).name("DPS"))
                    .y_axis(
                        Axis::new()
                            .type_(AxisType::Category)
                            .data(abilities.iter().map(|a| a.name.clone()).collect()),
                    )
                    .series(
                        Bar::new()
                            .name("DPS")
                            .item_style(charming::element::ItemStyle::new().color(ACCENT))
                            .data(abilities.iter().map(|a| a.dps.round()).collect()),
                    )
            }
            Plot::DpsTimeline(values) => line(values, "DPS", ACCENT),
            Plot::Resource { name, values } => line(values, name, ACCENT_2),
            Plot::StatWeights(weights) => stat_weights(weights),
        }
    }

    fn stat_weights(weights: &[StatWeight]) -> Chart {
        let names: Vec<String> = weights.iter().map(|w| w.stat.name().to_string()).collect();
        base()
            .x_axis(Axis::new().type_(AxisType::Category).data(names))
            .y_axis(
                Axis::new()
                    .type_(AxisType::Value)
                    .name("Weight (primary = 1)"),
            )
            .series(
                Bar::new()
                    .name("Weight")
                    .bar_width("45%")
                    .item_style(charming::element::ItemStyle::new().color(ACCENT))
                    .data(weights.iter().map(|w| w.weight).collect()),
            )
            .series(
                // The 95 % interval of each weight as whiskers: an error bar.
                Boxplot::new()
                    .name("95% interval")
                    .item_style(
                        charming::element::ItemStyle::new()
                            .color(ACCENT_2)
                            .border_color(ACCENT_2),
                    )
                    .data(
                        weights
                            .iter()
                            .map(|w| {
                                let (lo, hi) = (w.weight - w.error, w.weight + w.error);
                                vec![lo, w.weight, w.weight, w.weight, hi]
                            })
                            .collect(),
                    ),
            )
    }

    fn line(values: &[f64], name: &str, color: &str) -> Chart {
        base()
            .x_axis(Axis::new().type_(AxisType::Value).name("Time (s)").min(0))
            .y_axis(Axis::new().type_(AxisType::Value).name(name))
            .series(
                Line::new()
                    .name(name)
                    .show_symbol(false)
                    .item_style(charming::element::ItemStyle::new().color(color))
                    .data(
                        values
                            .iter()
                            .enumerate()
                            .map(|(t, v)| vec![t as f64, v.round()])
                            .collect(),
                    ),
            )
    }
}
