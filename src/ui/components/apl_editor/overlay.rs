//! What sits around and behind the textarea: the line-number gutter (a marker on lines with an
//! error) and the highlight, a mirror of the text with each error's span underlined. Both follow
//! the textarea's scroll position; both are hidden from assistive technology (the problems list
//! says the same in words).

use super::text::{line_count, stretches};
use leptos::prelude::*;
use rotasim_engine::apl::AplError;

/// Line numbers, one per line of `text`; lines holding (part of) an error are marked.
#[component]
pub fn Gutter(
    text: RwSignal<String>,
    errors: RwSignal<Vec<AplError>>,
    scroll: RwSignal<(i32, i32)>,
) -> impl IntoView {
    // `try_with`: during server rendering a request dropped mid-render disposes the page's
    // signals while leptos may still walk this view; an empty gutter is then drawn, not a panic.
    let lines = Memo::new(move |_| text.try_with(|t| line_count(t)).unwrap_or(0));
    let marked = Memo::new(move |_| {
        let mut m: Vec<usize> = errors
            .try_with(|es| {
                es.iter()
                    .flat_map(|e| e.line..=e.end_line.max(e.line))
                    .collect()
            })
            .unwrap_or_default();
        m.sort_unstable();
        m.dedup();
        m
    });
    let chunks = move || number_chunks(lines.get(), &marked.get());
    view! {
        <div class="apl-gutter" aria-hidden="true">
            <pre style:transform=move || format!("translateY({}px)", -scroll.get().0)>
                {move || {
                    chunks()
                        .into_iter()
                        .map(|(s, bad)| {
                            if bad {
                                view! { <span class="apl-ln-error" title="error on this line">{s}</span> }
                                    .into_any()
                            } else {
                                s.into_any()
                            }
                        })
                        .collect_view()
                }}
            </pre>
        </div>
    }
}

/// The numbers 1..=`lines`, one a line, cut into runs: unmarked runs, and each marked line on
/// its own.
fn number_chunks(lines: usize, marked: &[usize]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut run = String::new();
    for n in 1..=lines {
        let last = n == lines;
        let line = if last {
            format!("{n}")
        } else {
            format!("{n}\n")
        };
        if marked.binary_search(&n).is_ok() {
            if !run.is_empty() {
                out.push((std::mem::take(&mut run), false));
            }
            out.push((line, true));
        } else {
            run.push_str(&line);
        }
    }
    if !run.is_empty() {
        out.push((run, false));
    }
    out
}

/// The text again, behind the (transparent) textarea, with every error's span marked.
#[component]
pub fn Highlight(
    text: RwSignal<String>,
    errors: RwSignal<Vec<AplError>>,
    scroll: RwSignal<(i32, i32)>,
) -> impl IntoView {
    let parts = move || {
        text.try_with(|t| errors.try_with(|es| stretches(t, es)))
            .flatten()
            .unwrap_or_default()
    };
    view! {
        <pre class="apl-highlight" aria-hidden="true">
            <code style:transform=move || {
                let (top, left) = scroll.get();
                format!("translate({}px, {}px)", -left, -top)
            }>
                {move || {
                    parts()
                        .into_iter()
                        .map(|s| match s.error {
                            Some(i) => {
                                let point = s.text.is_empty();
                                view! {
                                    <mark class="apl-mark" class:apl-point=point data-error=i>
                                        {s.text}
                                    </mark>
                                }
                                    .into_any()
                            }
                            None => s.text.into_any(),
                        })
                        .collect_view()
                }}
                // A final newline still gets its (empty) line.
                "\n "
            </code>
        </pre>
    }
}

#[cfg(test)]
mod tests {
    use super::number_chunks;

    #[test]
    fn marked_lines_stand_alone() {
        assert_eq!(
            number_chunks(4, &[2, 4]),
            [
                ("1\n".to_string(), false),
                ("2\n".to_string(), true),
                ("3\n".to_string(), false),
                ("4".to_string(), true),
            ]
        );
        assert_eq!(number_chunks(1, &[]), [("1".to_string(), false)]);
    }
}
