//! The quick-sim form's batch: the rotation and character above are the baseline; each added
//! variant names another rotation and/or character. All run on the same iterations.

use crate::{
    model::{RotationChoice, SavedCharacter, VariantInput},
    ui::components::field::{Field, FieldErrors},
};
use leptos::prelude::*;
use rotasim_engine::Character;

/// The character choice meaning "the stats in the form".
pub const FORM_STATS: &str = "form";

/// One added variant's inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VariantRow {
    /// Stable key of the row.
    pub key: u32,
    /// Its label.
    pub label: RwSignal<String>,
    /// Rotation id.
    pub rotation: RwSignal<String>,
    /// [`FORM_STATS`] or a saved character's id.
    pub character: RwSignal<String>,
}

/// The batch part of the form.
#[derive(Debug, Clone, Copy)]
pub struct Batch {
    /// Whether the form submits a batch.
    pub on: RwSignal<bool>,
    /// The baseline's label.
    pub baseline: RwSignal<String>,
    /// The added variants.
    pub rows: RwSignal<Vec<VariantRow>>,
    next: RwSignal<u32>,
}

impl Batch {
    /// An empty batch (off).
    pub fn new() -> Batch {
        Batch {
            on: RwSignal::new(false),
            baseline: RwSignal::new("Baseline".into()),
            rows: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
        }
    }

    /// Adds a variant of `rotation` labelled "Variant N".
    pub fn add(&self, rotation: String) {
        let key = self.next.get_untracked();
        self.next.set(key + 1);
        let n = self.rows.with_untracked(Vec::len) + 2;
        self.rows.update(|rows| {
            rows.push(VariantRow {
                key,
                label: RwSignal::new(format!("Variant {n}")),
                rotation: RwSignal::new(rotation),
                character: RwSignal::new(FORM_STATS.into()),
            })
        });
    }

    /// The variants of the request: the baseline (`rotation`, `character`) first.
    pub fn inputs(
        &self,
        rotation: String,
        character: &Character,
        saved: &[SavedCharacter],
    ) -> Vec<VariantInput> {
        let variant = |label: String, rotation: String, choice: &str| VariantInput {
            label,
            rotation_id: Some(rotation),
            spec_id: None,
            apl: None,
            character: Some(
                saved
                    .iter()
                    .find(|c| c.id == choice)
                    .map(|c| c.character.clone())
                    .unwrap_or_else(|| character.clone()),
            ),
        };
        let mut out = vec![variant(self.baseline.get_untracked(), rotation, FORM_STATS)];
        for row in self.rows.get_untracked() {
            out.push(variant(
                row.label.get_untracked(),
                row.rotation.get_untracked(),
                &row.character.get_untracked(),
            ));
        }
        out
    }

    /// Reads every input (tracked).
    pub fn track(&self) {
        let _ = (self.on.get(), self.baseline.get());
        for row in self.rows.get() {
            let _ = (row.label.get(), row.rotation.get(), row.character.get());
        }
    }
}

/// The "Compare variants" card: the baseline's label and the added variants.
#[component]
pub fn VariantsFieldset(
    batch: Batch,
    rotations: Vec<RotationChoice>,
    characters: Vec<SavedCharacter>,
    /// The baseline's rotation id (the form's rotation).
    #[prop(into)]
    baseline_rotation: Signal<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let rotations = StoredValue::new(rotations);
    let characters = StoredValue::new(characters);
    let max = rotasim_engine::MAX_VARIANTS;
    if batch.rows.with_untracked(Vec::is_empty) {
        batch.add(baseline_rotation.get_untracked());
    }
    let add = move |_| batch.add(baseline_rotation.get_untracked());
    view! {
        <section class="card variants-card" aria-labelledby="variants-title">
            <h2 id="variants-title">"Compare variants"</h2>
            <p class="muted">
                "Every variant runs on the same iterations and random numbers as the baseline, so even small differences are measured precisely. The rotation and character above are the baseline."
            </p>
            <Field id="variants[0].label" label="Baseline label" errors>
                <input
                    id="variants[0].label"
                    type="text"
                    maxlength="80"
                    prop:value=move || batch.baseline.get()
                    on:input=move |ev| batch.baseline.set(event_target_value(&ev))
                />
            </Field>
            <ol class="variant-rows">
                <For each=move || batch.rows.get() key=|r| r.key let:row>
                    <VariantRowView row batch rotations characters errors />
                </For>
            </ol>
            <p class="field-error" id="err-variants">{move || errors.with(|e| e.get("variants").cloned())}</p>
            <button
                type="button"
                class="btn"
                on:click=add
                disabled=move || { batch.rows.with(Vec::len) + 1 >= max }
            >
                "Add variant"
            </button>
            <span class="muted small">{move || format!(" {} of {max} variants", batch.rows.with(Vec::len) + 1)}</span>
        </section>
    }
    .into_any()
}

#[component]
fn VariantRowView(
    row: VariantRow,
    batch: Batch,
    rotations: StoredValue<Vec<RotationChoice>>,
    characters: StoredValue<Vec<SavedCharacter>>,
    errors: FieldErrors,
) -> impl IntoView {
    // The row's index now (rows before it may be removed).
    let index = move || {
        batch
            .rows
            .with(|rows| rows.iter().position(|r| r.key == row.key).unwrap_or(0))
            + 1
    };
    let id = move |f: &str| format!("variants[{}].{f}", index());
    let spec_of = move |rotation: &str| {
        rotations.with_value(|rs| {
            rs.iter()
                .find(|c| c.rotation.id == rotation)
                .map(|c| c.rotation.spec_id.clone())
        })
    };
    let remove = move |_| batch.rows.update(|rows| rows.retain(|r| r.key != row.key));
    let rotation_options = rotations.with_value(|rs| {
        rs.iter()
            .map(|c| {
                let value = c.rotation.id.clone();
                let v2 = value.clone();
                view! {
                    <option value=value selected=move || row.rotation.get() == v2>
                        {format!("{} — {}", c.rotation.spec, c.rotation.name)}
                    </option>
                }
            })
            .collect_view()
    });
    let character_options = move || {
        let spec = spec_of(&row.rotation.get());
        characters.with_value(|cs| {
            cs.iter()
                .filter(|c| Some(&c.spec_id) == spec.as_ref())
                .map(|c| {
                    let value = c.id.clone();
                    let v2 = value.clone();
                    view! {
                        <option value=value selected=move || row.character.get() == v2>
                            {c.name.clone()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let error = move |f: &'static str| {
        move || errors.with(|e| e.get(&format!("variants[{}].{f}", index())).cloned())
    };
    view! {
        <li class="variant-row" data-testid="variant-row">
            <div class="field" class:has-error=move || error("label")().is_some()>
                <label for=move || id("label")>{move || format!("Variant {} label", index() + 1)}</label>
                <input
                    id=move || id("label")
                    type="text"
                    maxlength="80"
                    prop:value=move || row.label.get()
                    on:input=move |ev| row.label.set(event_target_value(&ev))
                />
                <p class="field-error">{error("label")}</p>
            </div>
            <div class="field" class:has-error=move || error("rotationId")().is_some()>
                <label for=move || id("rotationId")>{move || format!("Variant {} rotation", index() + 1)}</label>
                <select
                    id=move || id("rotationId")
                    on:change=move |ev| {
                        row.rotation.set(event_target_value(&ev));
                        row.character.set(FORM_STATS.into());
                    }
                >
                    {rotation_options}
                </select>
                <p class="field-error">{error("rotationId")}</p>
            </div>
            <div class="field">
                <label for=move || id("character")>{move || format!("Variant {} character", index() + 1)}</label>
                <select
                    id=move || id("character")
                    on:change=move |ev| row.character.set(event_target_value(&ev))
                >
                    <option value=FORM_STATS selected=move || row.character.get() == FORM_STATS>
                        "The stats above"
                    </option>
                    {character_options}
                </select>
            </div>
            <button type="button" class="btn btn-small" on:click=remove aria-label=move || format!("Remove variant {}", index() + 1)>
                "Remove"
            </button>
        </li>
    }
    .into_any()
}
