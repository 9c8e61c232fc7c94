//! The quick-sim form's character fieldset: one number field per stat, prefilled from the
//! rotation's spec; the player's saved characters for that spec to pick from, and the stats
//! typed saved as a new named character.

use super::fields::{Fields, STATS};
use crate::{
    model::{CharacterInput, SavedCharacter, MAX_CHARACTER_NAME},
    server_fns::create_character,
    ui::{
        components::{
            field::{FieldErrors, NumberField},
            toast::{use_toasts, ToastKind},
        },
        format,
    },
};
use leptos::prelude::*;

/// The "Character" card of the form.
#[component]
pub fn CharacterFieldset(
    /// The form's inputs.
    fields: Fields,
    /// The form's errors.
    errors: FieldErrors,
    /// Called by "Reset to spec defaults".
    on_reset: Callback<()>,
    /// The player's saved characters (every spec).
    characters: Vec<SavedCharacter>,
    /// The spec of the rotation chosen.
    spec_id: Signal<String>,
) -> impl IntoView {
    let toasts = use_toasts();
    let saved = RwSignal::new(characters);
    let picked = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    // Another rotation's spec: back to "spec default".
    Effect::new(move |_| {
        spec_id.track();
        picked.set(String::new());
    });
    let for_spec = move || {
        let spec = spec_id.get();
        saved.with(|all| {
            all.iter()
                .filter(|c| c.spec_id == spec)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let pick = move |id: String| {
        if id.is_empty() {
            on_reset.run(());
        } else if let Some(c) = saved.with_untracked(|all| all.iter().find(|c| c.id == id).cloned())
        {
            fields.set_stats(&c.character);
        }
        picked.set(id);
    };
    let create = Action::new(|input: &CharacterInput| create_character(input.clone()));
    let creating = create.pending();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(c)) => {
            toasts.push(
                ToastKind::Success,
                "Character saved",
                Some(format!("“{}”", c.name)),
            );
            let id = c.id.clone();
            saved.update(|all| all.push(c));
            picked.set(id);
            new_name.set(String::new());
        }
        Some(Err(e)) => toasts.push(
            ToastKind::Error,
            "Character not saved",
            Some(format::error_message(&e)),
        ),
        None => {}
    });
    let save = move |_| {
        let Some(character) = fields.character() else {
            toasts.push(
                ToastKind::Error,
                "Character not saved",
                Some("Every stat must be a number.".into()),
            );
            return;
        };
        let name = new_name.get_untracked();
        if let Some(m) = crate::model::name_error(&name, MAX_CHARACTER_NAME) {
            toasts.push(
                ToastKind::Error,
                "Character not saved",
                Some(format!("Name {m}.")),
            );
            return;
        }
        create.dispatch(CharacterInput {
            spec_id: Some(spec_id.get_untracked()),
            name,
            character,
        });
    };
    view! {
        <section class="card" aria-labelledby="character-title">
            <div class="card-head">
                <h2 id="character-title">"Character"</h2>
                <button type="button" class="btn btn-small js-only" on:click=move |_| pick(String::new())>
                    "Reset to spec defaults"
                </button>
            </div>
            <div class="field js-only">
                <label for="savedCharacter">"Saved character"</label>
                <select id="savedCharacter" on:change=move |ev| pick(event_target_value(&ev))>
                    <option value="" selected=move || picked.get().is_empty()>"Spec default"</option>
                    {move || for_spec().into_iter().map(|c| {
                        let id = c.id.clone();
                        view! { <option value=id.clone() selected=move || picked.get() == id>{c.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            {STATS
                .iter()
                .zip(fields.stats)
                .map(|((kind, label), value)| {
                    let id = format!("character.{}", kind.name());
                    view! { <NumberField id=id label=*label value min=0.0 max=1e7 step="1" errors /> }
                })
                .collect_view()}
            <div class="field save-character js-only">
                <label for="characterName">"Save these stats as"</label>
                <div class="inline-row">
                    <input
                        id="characterName"
                        type="text"
                        maxlength=MAX_CHARACTER_NAME.to_string()
                        placeholder="e.g. Main — raid gear"
                        prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); save(()); }
                    />
                    <button type="button" class="btn btn-small" disabled=move || creating.get() on:click=move |_| save(())>
                        "Save character"
                    </button>
                </div>
            </div>
        </section>
    }
    .into_any()
}
