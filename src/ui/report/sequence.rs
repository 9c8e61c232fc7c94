//! The sample fight's decisions on the APL tab: a strip with one mark per cast (coloured by its
//! line; waits are hatched gaps), the same decisions as a table, and for the selected decision
//! why every higher line was skipped, in plain words. The strip takes ←/→ (Home/End) when
//! focused; the table's "Why?" buttons are the keyboard and screen-reader path.

use super::{event_log::SampleLog, ReportData};
use crate::ui::{
    components::skeleton::{Loading, SkeletonBlock},
    format,
};
use leptos::prelude::*;
use rotasim_engine::insight::{AplLineStats, Sequence, SequenceRow, Skipped};
use std::{collections::HashMap, sync::Arc};

/// Rows of the decision table shown at first.
const TABLE_ROWS: usize = 80;
/// Strip width per second of fight, so marks stay apart on a phone (the strip scrolls).
const PX_PER_SECOND: f64 = 5.0;

/// Display names of spells and buffs, from the report.
#[derive(Debug, Clone, Default)]
struct Names(HashMap<String, String>);

impl Names {
    fn of(report: &ReportData) -> Names {
        let c = &report.charts;
        let mut m: HashMap<String, String> = HashMap::new();
        for a in &c.abilities {
            m.insert(a.id.clone(), a.name.clone());
        }
        for b in &c.buffs {
            m.insert(b.id.clone(), b.name.clone());
        }
        for w in &c.cooldown_waste {
            m.insert(w.spell.clone(), w.name.clone());
        }
        Names(m)
    }

    fn get(&self, id: &str) -> String {
        self.0
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.replace('_', " "))
    }
}

/// Source line number and text of report line `i`.
fn line_of(lines: &[AplLineStats], i: u32) -> (u32, String) {
    lines
        .get(i as usize)
        .map_or((0, String::new()), |l| (l.line, l.text.clone()))
}

/// `m:ss.s`
fn clock(t: f64) -> String {
    let m = (t / 60.0).floor();
    format!("{}:{:04.1}", m as u64, t - m * 60.0)
}

/// The sample sequence (skeleton while the sample is fetched).
#[component]
pub fn SampleSequence(
    report: Arc<ReportData>,
    lines: Arc<Vec<AplLineStats>>,
    log: RwSignal<SampleLog>,
    selected_line: RwSignal<Option<u32>>,
) -> impl IntoView {
    let names = Arc::new(Names::of(&report));
    let resource = report.timeline.resource_name.clone();
    view! {
        <h2 id="sequence-title">"Sample fight, decision by decision"</h2>
        {move || match log.get() {
            SampleLog::Ready(sample) => match sample.sequence.clone() {
                Some(seq) => view! {
                    <Decisions
                        seq=Arc::new(seq)
                        lines=lines.clone()
                        names=names.clone()
                        resource=resource.clone()
                        selected_line
                    />
                }
                .into_any(),
                None => view! { <p class="help">"This result has no sample sequence: simulate it again to see one."</p> }.into_any(),
            },
            SampleLog::Failed(why) => view! {
                <p class="muted" role="alert">{format!("The sample fight could not be loaded: {why}")}</p>
            }
            .into_any(),
            SampleLog::Missing | SampleLog::Loading => view! {
                <Loading label="Loading the sample fight…"><SkeletonBlock height=160 /></Loading>
            }
            .into_any(),
        }}
    }
}

/// Strip, explanation and table of one sequence.
#[component]
fn Decisions(
    seq: Arc<Sequence>,
    lines: Arc<Vec<AplLineStats>>,
    names: Arc<Names>,
    resource: String,
    selected_line: RwSignal<Option<u32>>,
) -> impl IntoView {
    let selected = RwSignal::new(None::<usize>);
    let casts = seq
        .rows
        .iter()
        .filter(|r| matches!(r, SequenceRow::Cast { .. }))
        .count();
    let intro = format!(
        "Iteration #{} ({}): {} casts{}. Select a mark or a row to see why the lines above it were skipped.",
        seq.iteration,
        clock(seq.length),
        casts,
        if seq.truncated { ", cut short at the end" } else { "" }
    );
    view! {
        <p class="help">{intro}</p>
        <Strip seq=seq.clone() lines=lines.clone() names=names.clone() selected selected_line />
        <Why seq=seq.clone() lines=lines.clone() names=names.clone() resource=resource.clone() selected />
        <DecisionTable seq lines names resource selected selected_line />
    }
}

/// What a row is called in a title or a cell.
fn row_label(row: &SequenceRow, lines: &[AplLineStats], names: &Names) -> String {
    match row {
        SequenceRow::Cast {
            time, line, spell, ..
        } => format!(
            "{} {} (line {})",
            clock(*time),
            names.get(spell),
            lines.get(*line as usize).map_or(0, |l| l.line)
        ),
        SequenceRow::Wait {
            time,
            duration,
            detail,
            ..
        } => format!("{} waiting {:.2} s: {}", clock(*time), duration, detail),
    }
}

/// One mark per cast along the fight, waits as gaps; ←/→ move the selection.
#[component]
fn Strip(
    seq: Arc<Sequence>,
    lines: Arc<Vec<AplLineStats>>,
    names: Arc<Names>,
    selected: RwSignal<Option<usize>>,
    selected_line: RwSignal<Option<u32>>,
) -> impl IntoView {
    let len = seq.length.max(1.0);
    let n = seq.rows.len();
    let width = format!("width: max(100%, {:.0}px)", len * PX_PER_SECOND);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let cur = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => cur.map_or(0, |i| (i + 1).min(n.saturating_sub(1))),
            "ArrowLeft" => cur.map_or(0, |i| i.saturating_sub(1)),
            "Home" => 0,
            "End" => n.saturating_sub(1),
            _ => return,
        };
        ev.prevent_default();
        selected.set(Some(next));
    };
    let marks = seq
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let label = row_label(row, &lines, &names);
            let current = move || selected.get() == Some(i);
            let select = move |_| selected.set(Some(i));
            match row {
                SequenceRow::Cast { time, line, .. } => {
                    let line = *line;
                    let dim = move || selected_line.get().is_some_and(|l| l != line);
                    let style = format!(
                        "left: {:.3}%; --swatch: var(--line-{})",
                        100.0 * time / len,
                        line % 8
                    );
                    view! {
                        <button type="button" tabindex="-1" class="mark" class:dim=dim class:current=current
                            style=style title=label.clone() aria-label=label on:click=select></button>
                    }
                    .into_any()
                }
                SequenceRow::Wait { time, duration, .. } => {
                    let style = format!(
                        "left: {:.3}%; width: {:.3}%",
                        100.0 * time / len,
                        (100.0 * duration / len).max(0.15)
                    );
                    view! {
                        <button type="button" tabindex="-1" class="gap" class:current=current
                            style=style title=label.clone() aria-label=label on:click=select></button>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    let ticks = (0..=(len / 30.0) as usize)
        .map(|k| {
            let t = k as f64 * 30.0;
            view! { <span class="tick" style=format!("left: {:.3}%", 100.0 * t / len)>{format::clock(t)}</span> }
        })
        .collect_view();
    view! {
        <div class="seq-strip-wrap">
            <div
                class="seq-strip"
                style=width
                role="group"
                tabindex="0"
                aria-label="Sample fight: one mark per cast, coloured by its line; gaps are waits. Left and right arrows move between decisions."
                data-testid="sequence-strip"
                on:keydown=on_key
            >
                <div class="seq-lane">{marks}</div>
                <div class="seq-axis" aria-hidden="true">{ticks}</div>
            </div>
        </div>
    }
}

/// Why the selected decision was made: the state before it and every skipped line's reason.
#[component]
fn Why(
    seq: Arc<Sequence>,
    lines: Arc<Vec<AplLineStats>>,
    names: Arc<Names>,
    resource: String,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let for_list = lines.clone();
    let skipped_list = move |skipped: &[Skipped]| {
        let lines = for_list.clone();
        if skipped.is_empty() {
            return view! { <p class="help">"It was the first line looked at: nothing above it was skipped."</p> }.into_any();
        }
        view! {
            <p class="why-head">"Lines above it, and why each was skipped:"</p>
            <ol class="why-list">
                {skipped.iter().map(|s| {
                    let (no, text) = line_of(&lines, s.line);
                    view! {
                        <li data-line=no>
                            <span class="mono muted">{format!("line {no} ")}</span>
                            <code>{text}</code>
                            <span class="why-reason">{format!(" — {}", s.reason.describe())}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let body = move || {
        let Some(i) = selected.get() else {
            return view! { <p class="help">"Nothing selected yet."</p> }.into_any();
        };
        let Some(row) = seq.rows.get(i) else {
            return view! { <p class="help">"Nothing selected yet."</p> }.into_any();
        };
        match row {
            SequenceRow::Cast {
                time,
                line,
                spell,
                target,
                resource: have,
                secondary,
                buffs,
                skipped,
            } => {
                let (no, text) = line_of(&lines, *line);
                let buffs = if buffs.is_empty() {
                    "none".to_string()
                } else {
                    buffs
                        .iter()
                        .map(|b| names.get(b))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let state = format!(
                    "Before it: {} {}{}; buffs: {}.",
                    format::thousands(*have),
                    resource,
                    secondary
                        .map(|s| format!(", secondary {s:.0}"))
                        .unwrap_or_default(),
                    buffs
                );
                view! {
                    <p class="why-title">
                        <strong>{format!("{} — {}", clock(*time), names.get(spell))}</strong>
                        {format!(" by line {no}")}
                        {(*target > 0).then(|| format!(" on target {}", target + 1))}
                        ": " <code>{text}</code>
                    </p>
                    <p class="help">{state}</p>
                    {skipped_list(skipped)}
                }
                .into_any()
            }
            SequenceRow::Wait {
                time,
                duration,
                detail,
                skipped,
                ..
            } => view! {
                <p class="why-title">
                    <strong>{format!("{} — waited {:.2} s", clock(*time), duration)}</strong>
                    {format!(": {detail}")}
                </p>
                {skipped_list(skipped)}
            }
            .into_any(),
        }
    };
    view! {
        <section class="why-panel card" aria-live="polite" aria-label="Why this decision" data-testid="why-panel">
            {body}
        </section>
    }
}

/// The decisions as a table, each with a "Why?" button.
#[component]
fn DecisionTable(
    seq: Arc<Sequence>,
    lines: Arc<Vec<AplLineStats>>,
    names: Arc<Names>,
    resource: String,
    selected: RwSignal<Option<usize>>,
    selected_line: RwSignal<Option<u32>>,
) -> impl IntoView {
    let show_all = RwSignal::new(false);
    let total = seq.rows.len();
    let resource = format::capitalize(&resource);
    let res_cell = resource.clone();
    let rows = move || {
        let n = if show_all.get() {
            usize::MAX
        } else {
            TABLE_ROWS
        };
        seq.rows
            .iter()
            .enumerate()
            .take(n)
            .map(|(i, row)| {
                let current = move || selected.get() == Some(i);
                let why = move |_| selected.set(Some(i));
                let (time, what, line, have) = match row {
                    SequenceRow::Cast {
                        time,
                        line,
                        spell,
                        resource: have,
                        ..
                    } => (
                        *time,
                        names.get(spell),
                        Some(*line),
                        format::thousands(*have),
                    ),
                    SequenceRow::Wait {
                        time,
                        duration,
                        detail,
                        line,
                        ..
                    } => (
                        *time,
                        format!("waiting {duration:.2} s — {detail}"),
                        *line,
                        String::new(),
                    ),
                };
                let is_wait = matches!(row, SequenceRow::Wait { .. });
                let hl = move || line.is_some() && selected_line.get() == line;
                let line_no = line
                    .and_then(|l| lines.get(l as usize))
                    .map(|l| l.line.to_string())
                    .unwrap_or_default();
                view! {
                    <tr class:wait-row=is_wait class:selected=current class:hl=hl>
                        <td class="num mono">{clock(time)}</td>
                        <td>{what}</td>
                        <td class="num" data-label="Line">{line_no}</td>
                        <td class="num" data-label=res_cell.clone()>{have}</td>
                        <td>
                            <button type="button" class="btn btn-small" aria-pressed=move || current().to_string() on:click=why>
                                "Why?"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <details class="seq-table">
            <summary>{format!("All {total} decisions as a table")}</summary>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Decisions (table)">
                <table class="data-table" data-testid="sequence-table">
                    <thead>
                        <tr>
                            <th scope="col" class="num">"Time"</th>
                            <th scope="col">"Decision"</th>
                            <th scope="col" class="num">"Line"</th>
                            <th scope="col" class="num">{resource}</th>
                            <th scope="col"><span class="sr-only">"Explain"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Show when=move || { total > TABLE_ROWS && !show_all.get() }>
                <button class="btn btn-small" on:click=move |_| show_all.set(true)>
                    {format!("Show all {total} decisions")}
                </button>
            </Show>
        </details>
    }
}
