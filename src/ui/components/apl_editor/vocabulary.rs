//! The spec's vocabulary beside the editor: spells, buffs, resources and expression names, built
//! in the browser from the spec (`rotasim_engine::apl::vocabulary`). Each name is a button:
//! click, Enter or Space inserts it at the editor's cursor. Each group folds (`<details>`).

use super::{check::Checker, edit::Editing};
use leptos::prelude::*;
use rotasim_engine::apl::vocabulary;

#[component]
pub fn VocabularyPanel(checker: Checker, editing: Editing) -> impl IntoView {
    let words = Memo::new(move |_| {
        checker
            .spec
            .try_with(|s| s.as_deref().map(vocabulary))
            .flatten()
    });
    view! {
        <aside class="apl-vocab" aria-label="Spec vocabulary">
            <h2 class="apl-vocab-title">"Vocabulary"</h2>
            <p class="muted apl-vocab-note">"Click or press Enter on a name to insert it at the cursor."</p>
            {move || match words.get() {
                None => {
                    let why = checker.spec_failure.get();
                    view! {
                        <p class="muted" role="status">
                            {why.map_or("Loading the spec…".to_string(), |w| format!("The spec could not be loaded: {w}"))}
                        </p>
                    }
                        .into_any()
                }
                Some(v) => {
                    let expressions = v.expressions.into_iter().map(|x| x.name).collect();
                    view! {
                        <Group title="Spells" names=v.spells editing open=true />
                        <Group title="Buffs" names=v.buffs editing open=true />
                        <Group title="Resources" names=v.resources editing open=true />
                        <Group title="Actions" names=v.actions editing open=false />
                        <Group title="Expressions" names=expressions editing open=false />
                    }
                        .into_any()
                }
            }}
        </aside>
    }
}

#[component]
fn Group(title: &'static str, names: Vec<String>, editing: Editing, open: bool) -> impl IntoView {
    let count = names.len();
    view! {
        <details class="apl-vocab-group" open=open>
            <summary>{title} <span class="muted">" (" {count} ")"</span></summary>
            <ul class="apl-words" aria-label=title>
                {names
                    .into_iter()
                    .map(|name| {
                        let word = name.clone();
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="apl-word"
                                    title=format!("Insert {name}")
                                    on:click=move |_| editing.insert(&word)
                                >
                                    {name.clone()}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
