//! The counts column beside the line numbers: after a simulation of exactly this text, each line
//! shows how often its action acted per fight and its share of the damage, and "never" where it
//! never acted. The owner passes no counts while the text differs from what was simulated.

use super::text::line_count;
use leptos::prelude::*;
use rotasim_engine::insight::AplLineStats;
use std::sync::Arc;

/// Per-line counts of a simulated rotation, as the editor shows them.
pub type LineCounts = Arc<Vec<AplLineStats>>;

/// One cell per line of `text`: `30.0 · 52%`, `never`, or blank for a line with no action.
fn cells(lines: usize, counts: &[AplLineStats]) -> String {
    let mut out = String::new();
    for n in 1..=lines {
        let on_line: Vec<&AplLineStats> = counts.iter().filter(|l| l.line as usize == n).collect();
        let cell = if on_line.is_empty() {
            String::new()
        } else if on_line.iter().all(|l| l.never_executed) {
            "never".to_string()
        } else {
            let execs: f64 = on_line.iter().map(|l| l.executions).sum();
            let share: f64 = on_line.iter().map(|l| l.damage_share).sum();
            if share >= 0.05 {
                format!("{execs:.1} · {share:.0}%")
            } else {
                format!("{execs:.1}")
            }
        };
        out.push_str(&cell);
        if n < lines {
            out.push('\n');
        }
    }
    out
}

/// The counts column for `text`, scrolled with the textarea (hidden from assistive technology:
/// the results page's APL tab says the same in a table).
#[component]
pub fn CountsGutter(
    text: RwSignal<String>,
    counts: Signal<Option<LineCounts>>,
    scroll: RwSignal<(i32, i32)>,
) -> impl IntoView {
    let body = move || {
        counts
            .get()
            .and_then(|c| text.try_with(|t| cells(line_count(t), &c)))
    };
    move || {
        body().map(|cells| {
            view! {
                <div class="apl-counts" aria-hidden="true" data-testid="apl-counts" title="Per fight · share of damage, from your last simulation of this text">
                    <pre style:transform=move || format!("translateY({}px)", -scroll.get().0)>{cells}</pre>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rotasim_engine::insight::LineKind;

    fn line(line: u32, executions: f64, share: f64) -> AplLineStats {
        AplLineStats {
            list: "default".into(),
            index: 0,
            line,
            text: String::new(),
            kind: LineKind::Cast,
            spell: None,
            executions,
            min_executions: 0,
            max_executions: executions as u32,
            cast_share: 0.0,
            damage: share,
            damage_share: share,
            never_executed: executions == 0.0,
        }
    }

    #[test]
    fn one_cell_per_line_with_never_and_blanks() {
        let c = cells(
            4,
            &[line(1, 30.0, 52.4), line(2, 0.0, 0.0), line(4, 270.0, 0.01)],
        );
        assert_eq!(c, "30.0 · 52%\nnever\n\n270.0");
    }
}
