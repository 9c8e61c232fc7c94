//! The problems list under the editor: every error in text order as "line:column message — hint",
//! a click selects its span, [Replace] applies its suggestion; "No problems" when clean. A polite
//! live region, so screen readers hear what changed. Everything is text, never markup.

use super::{check::Checker, edit::Editing};
use leptos::prelude::*;
use rotasim_engine::apl::AplError;

#[component]
pub fn Problems(checker: Checker, editing: Editing) -> impl IntoView {
    let errors = checker.errors;
    let summary = checker.summary;
    let headline = move || match (summary.get(), checker.failure.get()) {
        (_, Some(why)) => format!("Could not check the rotation: {why}"),
        (None, None) => "Checking…".to_string(),
        (Some(s), None) if s.errors == 0 => match s.actions {
            1 => "No problems · 1 action".to_string(),
            n => format!("No problems · {n} actions"),
        },
        (Some(s), None) => match s.errors {
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        },
    };
    let state = move || match (summary.get(), checker.failure.get()) {
        (_, Some(_)) => "failed",
        (None, None) => "pending",
        (Some(s), None) if s.errors == 0 => "clean",
        _ => "errors",
    };
    view! {
        <section class="apl-problems" aria-live="polite" aria-label="Problems" data-state=state>
            <p class="apl-problems-head">{headline}</p>
            <ol class="apl-problem-list">
                <For
                    each=move || errors.get().into_iter().enumerate()
                    key=|(i, e)| format!("{i} {e} {:?}", e.suggestion)
                    children=move |(_, e)| view! { <Problem e editing /> }
                />
            </ol>
        </section>
    }
    .into_any()
}

#[component]
fn Problem(e: AplError, editing: Editing) -> impl IntoView {
    let place = format!("{}:{}", e.line, e.column);
    let hint = e.hint.clone().map(|h| format!(" — {h}"));
    let fix = e.suggestion.clone();
    let error = StoredValue::new(e.clone());
    view! {
        <li class="apl-problem">
            <button
                type="button"
                class="apl-problem-go"
                title="Select it in the editor"
                on:click=move |_| error.with_value(|e| editing.select(e))
            >
                <span class="apl-problem-at">{place}</span>
                " "
                <span class="apl-problem-msg">{e.message.clone()}</span>
                <span class="apl-problem-hint">{hint}</span>
            </button>
            {fix.map(|by| {
                let label = format!("Replace with {by}");
                view! {
                    <button
                        type="button"
                        class="btn btn-small apl-fix"
                        aria-label=label.clone()
                        title=label
                        on:click=move |_| error.with_value(|e| editing.replace(e, &by))
                    >
                        "Replace"
                    </button>
                }
            })}
        </li>
    }
}
