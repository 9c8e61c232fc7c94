//! Charts, drawn in the browser by ECharts through charming. The server renders an empty,
//! labelled container; the browser draws into it once it is visible and redraws it when the
//! window is resized. ECharts (a megabyte of script) is fetched by the first chart a page
//! draws, not by every page ([`echarts`]).

use leptos::prelude::*;
use rotasim_engine::report::{AbilityStats, Histogram, StatWeight};

/// What a chart draws, with its data.
#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    /// DPS distribution over iterations.
    Histogram(Histogram),
    /// DPS per ability.
    Abilities(Vec<AbilityStats>),
    /// DPS over the fight: each second's mean over iterations, with a band of one standard
    /// deviation either side when the report has it.
    DpsTimeline(DpsOverTime),
    /// Mean primary resource per second of the fight.
    Resource {
        /// The resource's name.
        name: String,
        /// One value a second.
        values: Vec<f64>,
    },
    /// Stat weights with their 95 % error.
    StatWeights(Vec<StatWeight>),
    /// Several runs' DPS distributions overlaid: (name, histogram) each, as shares of iterations.
    Distributions(Vec<(String, Histogram)>),
}

/// The DPS-over-time line and its band.
#[derive(Debug, Clone, PartialEq)]
pub struct DpsOverTime {
    /// The line: one value a second.
    pub mean: Vec<f64>,
    /// One standard deviation over iterations, a value a second (empty: no band).
    pub sd: Vec<f64>,
    /// Seconds each value averages (1: plain per-second means).
    pub window_secs: u32,
}

impl DpsOverTime {
    /// The windowed line and band when the report has them, else its per-second means.
    pub fn of(t: &rotasim_engine::report::Timeline) -> DpsOverTime {
        if t.window_secs > 0 && t.window_dps.len() == t.dps.len() {
            DpsOverTime {
                mean: t.window_dps.clone(),
                sd: t.window_dps_sd.clone(),
                window_secs: t.window_secs,
            }
        } else {
            DpsOverTime {
                mean: t.dps.clone(),
                sd: Vec::new(),
                window_secs: 1,
            }
        }
    }
}

impl Plot {
    fn slug(&self) -> &'static str {
        match self {
            Plot::Histogram(_) => "histogram",
            Plot::Abilities(_) => "abilities",
            Plot::DpsTimeline(_) => "dps-timeline",
            Plot::Resource { .. } => "resource",
            Plot::StatWeights(_) => "stat-weights",
            Plot::Distributions(_) => "distributions",
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
            if !echarts::ready() {
                return; // runs again when the script has arrived
            }
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

/// ECharts on demand: one `<script>` added to the document the first time a chart asks, and a
/// signal that turns true when it has run, which every waiting chart's effect reads.
#[cfg(feature = "hydrate")]
mod echarts {
    use crate::model::paths::ECHARTS_SCRIPT;
    use leptos::prelude::*;
    use std::cell::Cell;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    thread_local! {
        static READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
        static REQUESTED: Cell<bool> = const { Cell::new(false) };
    }

    /// Whether ECharts can draw now (a tracked read); the first call fetches it.
    pub fn ready() -> bool {
        let ready = READY.with(Clone::clone);
        if ready.get() {
            return true;
        }
        if !REQUESTED.replace(true) {
            if js_sys::Reflect::has(&window(), &JsValue::from_str("echarts")).unwrap_or(false) {
                ready.set(true);
            } else if let Err(e) = load(ready) {
                leptos::logging::warn!("cannot load {ECHARTS_SCRIPT}: {e:?}");
            }
        }
        false
    }

    fn load(ready: ArcRwSignal<bool>) -> Result<(), JsValue> {
        let doc = document();
        let script = doc.create_element("script")?;
        script.set_attribute("src", ECHARTS_SCRIPT)?;
        let onload = Closure::once_into_js(move || ready.set(true));
        script.add_event_listener_with_callback("load", onload.unchecked_ref())?;
        let onerror = Closure::once_into_js(move || {
            REQUESTED.set(false); // the next chart tries again
            leptos::logging::warn!("{ECHARTS_SCRIPT} did not load");
        });
        script.add_event_listener_with_callback("error", onerror.unchecked_ref())?;
        doc.query_selector("head")?
            .ok_or_else(|| JsValue::from_str("no <head>"))?
            .append_child(&script)?;
        Ok(())
    }
}

#[cfg(feature = "hydrate")]
mod draw {
    use super::Plot;
    use charming::{
        component::{Axis, Grid},
        element::{AxisLabel, AxisType, NameLocation, TextStyle, Tooltip, Trigger},
        series::{Bar, Boxplot, Line},
        Chart,
    };
    use rotasim_engine::report::StatWeight;

    const ACCENT: &str = "#f5a524";
    const ACCENT_2: &str = "#5cc8ff";

    /// Axis text readable on the dark card (the theme's grey is too faint).
    const AXIS_TEXT: &str = "#c9d1e0";

    /// An axis of `kind` titled `name`, its title beside the middle of the axis (never clipped
    /// at the end), its labels formatted by the ECharts template `labels` (`{value}`).
    fn axis(kind: AxisType, name: &str, labels: &str, gap: u32) -> Axis {
        Axis::new()
            .type_(kind)
            .name(name)
            .name_location(NameLocation::Middle)
            .name_gap(gap as f64)
            .name_text_style(TextStyle::new().color(AXIS_TEXT).font_size(13))
            .axis_label(
                AxisLabel::new()
                    .color(AXIS_TEXT)
                    .font_size(12)
                    .formatter(labels),
            )
    }

    fn base() -> Chart {
        Chart::new()
            .background_color("transparent")
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .grid(
                // Room left of the tick labels for the value axis' title (`contain_label` counts
                // the labels, not the title).
                Grid::new()
                    .left(40)
                    .right(24)
                    .top(24)
                    .bottom(36)
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
                    .x_axis(axis(AxisType::Category, "DPS", "{value}", 30).data(labels))
                    .y_axis(axis(AxisType::Value, "Iterations", "{value}", 44))
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
                    // Few ticks: at a phone's width the numbers stay apart.
                    .x_axis(axis(AxisType::Value, "DPS", "{value}", 30).split_number(3))
                    .y_axis(
                        axis(AxisType::Category, "", "{value}", 0)
                            .data(abilities.iter().map(|a| a.name.clone()).collect()),
                    )
                    .series(
                        Bar::new()
                            .name("DPS")
                            .item_style(charming::element::ItemStyle::new().color(ACCENT))
                            .data(abilities.iter().map(|a| a.dps.round()).collect()),
                    )
            }
            Plot::DpsTimeline(d) => dps_over_time(d),
            Plot::Resource { name, values } => line(
                values,
                &crate::ui::format::capitalize(name),
                &format!("Mean {name}"),
                ACCENT_2,
            ),
            Plot::StatWeights(weights) => stat_weights(weights),
            Plot::Distributions(runs) => distributions(runs),
        }
    }

    /// One line (with a light area) per run: the share of its iterations in each DPS bin,
    /// at the bin's centre, so runs of different lengths and ranges share the axes.
    fn distributions(runs: &[(String, rotasim_engine::report::Histogram)]) -> Chart {
        const COLORS: [&str; 6] = [ACCENT, ACCENT_2, "#3ecf8e", "#ff6b6b", "#c08cff", "#e6e9ef"];
        let mut chart = Chart::new()
            .background_color("transparent")
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .legend(charming::component::Legend::new().top(0))
            .grid(
                Grid::new()
                    .left(40)
                    .right("4%")
                    .top(40)
                    .bottom("3%")
                    .contain_label(true),
            )
            .x_axis(
                axis(AxisType::Value, "DPS", "{value}", 30)
                    .scale(true)
                    .split_number(3),
            )
            .y_axis(axis(AxisType::Value, "Iterations", "{value} %", 44));
        for (i, (name, h)) in runs.iter().enumerate() {
            let total: f64 = h.counts.iter().map(|&c| c as f64).sum::<f64>().max(1.0);
            let color = COLORS[i % COLORS.len()];
            chart = chart.series(
                Line::new()
                    .name(name.as_str())
                    .show_symbol(false)
                    .smooth(0.3)
                    .item_style(charming::element::ItemStyle::new().color(color))
                    .area_style(charming::element::AreaStyle::new().opacity(0.15))
                    .data(
                        h.counts
                            .iter()
                            .enumerate()
                            .map(|(b, &c)| {
                                let x = h.min + (b as f64 + 0.5) * h.bin_width;
                                vec![x.round(), (1000.0 * c as f64 / total).round() / 10.0]
                            })
                            .collect(),
                    ),
            );
        }
        chart
    }

    fn stat_weights(weights: &[StatWeight]) -> Chart {
        let names: Vec<String> = weights.iter().map(|w| w.stat.name().to_string()).collect();
        base()
            .x_axis(axis(AxisType::Category, "", "{value}", 0).data(names))
            .y_axis(axis(AxisType::Value, "Weight (primary = 1)", "{value}", 40))
            .series(
                Bar::new()
                    .name("Weight")
                    .bar_width("45%")
                    .item_style(charming::element::ItemStyle::new().color(ACCENT))
                    .data(weights.iter().map(|w| round3(w.weight)).collect()),
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
                                // Three decimals: the tooltip shows these numbers as they are.
                                let (lo, mid, hi) = (
                                    round3(w.weight - w.error),
                                    round3(w.weight),
                                    round3(w.weight + w.error),
                                );
                                vec![lo, mid, mid, mid, hi]
                            })
                            .collect(),
                    ),
            )
    }

    fn round3(x: f64) -> f64 {
        (x * 1000.0).round() / 1000.0
    }

    /// The mean line over a shaded band from one standard deviation below it to one above.
    /// The band is two stacked series (an invisible floor, then the band's height), so the
    /// tooltip is a template naming the line and the band's edges, not the stack's parts.
    fn dps_over_time(d: &super::DpsOverTime) -> Chart {
        let name = if d.window_secs > 1 {
            format!("Mean DPS ({} s average)", d.window_secs)
        } else {
            "Mean DPS".to_string()
        };
        let chart = line(&d.mean, "DPS", &name, ACCENT);
        if d.sd.len() != d.mean.len() || d.sd.is_empty() {
            return chart;
        }
        let low: Vec<f64> = d
            .mean
            .iter()
            .zip(&d.sd)
            .map(|(m, s)| (m - s).max(0.0).round())
            .collect();
        let high: Vec<f64> = d
            .mean
            .iter()
            .zip(&d.sd)
            .map(|(m, s)| (m + s).round())
            .collect();
        let hidden = |name: &str| {
            Line::new()
                .name(name)
                .show_symbol(false)
                .line_style(charming::element::LineStyle::new().opacity(0.0))
        };
        chart
            .tooltip(
                Tooltip::new()
                    .trigger(Trigger::Axis)
                    .formatter("{b0} s<br/>{a0}: {c0}<br/>±1 SD over iterations: {c1} – {c3}"),
            )
            .series(hidden("band floor").stack("band").data(low.clone()))
            .series(
                hidden("band")
                    .stack("band")
                    .area_style(
                        charming::element::AreaStyle::new()
                            .color(ACCENT)
                            .opacity(0.22),
                    )
                    .data(low.iter().zip(&high).map(|(l, h)| h - l).collect()),
            )
            .series(hidden("band top").data(high))
    }

    /// One value a second, over exactly the fight's length: a category axis of seconds
    /// (so tooltips can name the second), labelled every round number of seconds. The value
    /// axis is titled `unit` (short, so it clears the tick labels), the series `name`.
    fn line(values: &[f64], unit: &str, name: &str, color: &str) -> Chart {
        let step = match values.len() {
            0..=90 => 15,
            91..=240 => 30,
            241..=600 => 60,
            _ => 120,
        };
        let seconds: Vec<String> = (0..values.len()).map(|t| t.to_string()).collect();
        base()
            .x_axis(
                axis(AxisType::Category, "Time into the fight", "{value} s", 30)
                    .boundary_gap(false)
                    .axis_label(
                        AxisLabel::new()
                            .color(AXIS_TEXT)
                            .font_size(12)
                            .formatter("{value} s")
                            .interval((step - 1) as f64),
                    )
                    .data(seconds),
            )
            .y_axis(axis(AxisType::Value, unit, "{value}", 56))
            .series(
                Line::new()
                    .name(name)
                    .show_symbol(false)
                    .item_style(charming::element::ItemStyle::new().color(color))
                    .data(values.iter().map(|v| v.round()).collect()),
            )
    }
}
