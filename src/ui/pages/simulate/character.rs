//! The quick-sim form's character fieldset: one number field per stat, prefilled from the
//! rotation's spec, and a button back to the spec's defaults.

use super::fields::{Fields, STATS};
use crate::ui::components::field::{FieldErrors, NumberField};
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
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="character-title">
            <div class="card-head">
                <h2 id="character-title">"Character"</h2>
                <button type="button" class="btn btn-small" on:click=move |_| on_reset.run(())>
                    "Reset to spec defaults"
                </button>
            </div>
            {STATS
                .iter()
                .zip(fields.stats)
                .map(|((kind, label), value)| {
                    let id = format!("character.{}", kind.name());
                    view! { <NumberField id=id label=*label value min=0.0 max=1e7 step="1" errors /> }
                })
                .collect_view()}
        </section>
    }
}
