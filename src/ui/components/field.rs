//! Form fields: a labelled control with its error message underneath, and a number input.
//! Errors are a map of field id → message shared by the whole form.

use leptos::prelude::*;
use std::collections::BTreeMap;

/// The form's errors: field id → message.
pub type FieldErrors = RwSignal<BTreeMap<String, String>>;

/// A labelled control (`children`, whose id is `id`) with its error message underneath.
#[component]
pub fn Field(
    /// The control's id (and the key of its error).
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The form's errors.
    errors: FieldErrors,
    children: Children,
) -> impl IntoView {
    let key = StoredValue::new(id.clone());
    let message = move || errors.with(|e| key.with_value(|k| e.get(k).cloned()));
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            {children()}
            <p class="field-error" id=format!("err-{id}")>{message}</p>
        </div>
    }
}

/// A number input bound to `value`, with bounds the browser knows too.
#[component]
pub fn NumberField(
    /// The input's id and name (and the key of its error).
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The text typed.
    value: RwSignal<String>,
    /// Lowest value.
    min: f64,
    /// Highest value.
    max: f64,
    /// The input's `step`.
    step: &'static str,
    /// The form's errors.
    errors: FieldErrors,
) -> impl IntoView {
    let key = id.clone();
    let invalid = move || errors.with(|e| e.contains_key(&key)).to_string();
    view! {
        <Field id=id.clone() label errors>
            <input
                id=id.clone()
                name=id.clone()
                type="number"
                inputmode="decimal"
                min=min
                max=max
                step=step
                // In the server's HTML (a property is not), so the form works before the app
                // runs; the property follows the state afterwards.
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=format!("err-{id}")
            />
        </Field>
    }
}

/// A checkbox bound to `checked`, its label beside it and an optional help text after.
#[component]
pub fn CheckField(
    /// The input's id.
    id: &'static str,
    /// The name it is submitted under (not submitted without one).
    #[prop(optional)]
    name: Option<&'static str>,
    /// The visible label.
    label: &'static str,
    /// The state shown and set.
    checked: RwSignal<bool>,
    /// Help shown after the label.
    #[prop(optional)]
    help: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="check-row">
            <input
                type="checkbox"
                id=id
                name=name
                checked=checked.get_untracked()
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
            {help.map(|h| view! { <span class="help">{h}</span> })}
        </div>
    }
}
