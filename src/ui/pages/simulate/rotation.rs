//! The quick-sim form's rotation picker: rotations grouped by class, and what the chosen one
//! plays like.

use super::fields::Fields;
use crate::{
    model::RotationChoice,
    ui::components::field::{Field, FieldErrors},
};
use leptos::prelude::*;

/// The "Rotation" select with its help line; `on_change` runs after a new rotation is chosen.
#[component]
pub fn RotationSelect(
    /// Every rotation, grouped by class (sorted).
    rotations: Vec<RotationChoice>,
    /// The form's inputs.
    fields: Fields,
    /// The form's errors.
    errors: FieldErrors,
    /// The rotation chosen now.
    #[prop(into)]
    selected: Signal<Option<RotationChoice>>,
    /// Called when the player picks another rotation.
    on_change: Callback<()>,
) -> impl IntoView {
    let mut classes: Vec<String> = rotations.iter().map(|c| c.rotation.class.clone()).collect();
    classes.dedup();
    let groups = classes
        .into_iter()
        .map(|class| {
            let members: Vec<RotationChoice> = rotations
                .iter()
                .filter(|c| c.rotation.class == class)
                .cloned()
                .collect();
            view! {
                <optgroup label=class>
                    {members
                        .into_iter()
                        .map(|c| {
                            let id = c.rotation.id.clone();
                            view! {
                                <option value=id.clone() selected=move || fields.rotation.get() == id>
                                    {format!("{} — {}", c.rotation.spec, c.rotation.name)}
                                </option>
                            }
                        })
                        .collect_view()}
                </optgroup>
            }
        })
        .collect_view();
    view! {
        <Field id="rotationId" label="Rotation" errors>
            <select
                id="rotationId"
                name="rotationId"
                prop:value=move || fields.rotation.get()
                on:change=move |ev| {
                    fields.rotation.set(event_target_value(&ev));
                    on_change.run(());
                }
                aria-invalid=move || errors.with(|e| e.contains_key("rotationId")).to_string()
                aria-describedby="rotation-help err-rotationId"
            >
                {groups}
            </select>
            <p class="help" id="rotation-help">
                {move || selected.get().map(|c| format!("{} · resource: {}", c.description, c.resource)).unwrap_or_default()}
            </p>
        </Field>
    }
}
