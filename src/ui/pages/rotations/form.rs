//! The rotation editor form, for a new rotation and for one of the player's own: name,
//! description and the APL editor (the engine's compiler checking as they type). Ctrl/Cmd+S
//! saves; unsaved changes are guarded; the server checks the same things again on save.

use super::{guard::guard_unsaved, use_fork};
use crate::{
    model::{
        paths, FormAction, Rotation, RotationEcho, RotationInput, MAX_ROTATION_DESCRIPTION,
        MAX_ROTATION_NAME,
    },
    server_fns::{create_rotation, delete_rotation, update_rotation},
    ui::{
        components::{
            apl_editor::{AplEditor, LineCounts},
            dialog::ConfirmDialog,
            field::Field,
            toast::{use_toasts, ToastKind},
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use std::collections::BTreeMap;

/// What was last saved (or loaded), to tell whether there are unsaved changes.
#[derive(Debug, Clone, PartialEq, Default)]
struct Saved {
    name: String,
    description: String,
    apl: String,
}

/// The form. `existing` is the rotation being edited (`None`: a new one for `spec_id`);
/// `on_saved` runs after every successful save with what was stored.
#[component]
pub fn RotationForm(
    /// The rotation being edited, if it exists.
    existing: Option<Rotation>,
    /// The spec the rotation is for.
    #[prop(into)]
    spec_id: Signal<String>,
    /// The APL text the editor starts with.
    apl: RwSignal<String>,
    /// Called after a save.
    #[prop(optional)]
    on_saved: Option<Callback<Rotation>>,
    /// A new rotation's starter text (the page's, not the player's): no unsaved change.
    #[prop(optional, into)]
    starter: Option<Signal<String>>,
    /// Per-line counts of the last simulation of the saved text, shown in the editor's gutter
    /// while the text is unchanged.
    #[prop(optional, into)]
    counts: Option<Signal<Option<LineCounts>>>,
    /// A save the server refused (posted without JavaScript): its values and errors.
    #[prop(default = None)]
    echo: Option<RotationEcho>,
    /// The spec chosen on the page before the app took it over (a new rotation's picker).
    #[prop(optional)]
    on_spec_typed: Option<Callback<String>>,
    /// Extra controls shown before the form (a new rotation's spec picker).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let toasts = use_toasts();
    let navigate = use_navigate();
    let id = existing.as_ref().map(|r| r.id.clone());
    let saved = RwSignal::new(
        existing
            .as_ref()
            .map(|r| Saved {
                name: r.name.clone(),
                description: r.description.clone(),
                apl: r.apl.clone(),
            })
            .unwrap_or_default(),
    );
    // The form shows, in this order: what a refused save sent, the stored rotation, nothing.
    let (name, description) = match (&echo, &existing) {
        (Some(e), _) => (e.input.name.clone(), e.input.description.clone()),
        (None, Some(r)) => (r.name.clone(), r.description.clone()),
        (None, None) => Default::default(),
    };
    let name = RwSignal::new(name);
    let description = RwSignal::new(description);
    let errors = RwSignal::new(echo.as_ref().map(|e| e.errors.clone()).unwrap_or_default());
    let message = echo.and_then(|e| e.message);
    // What the player typed before the app took the page over stays, and is what is saved.
    #[cfg(feature = "hydrate")]
    if let Some(typed) = super::on_screen::typed() {
        Effect::new(move |_| {
            name.set(typed.name.clone());
            description.set(typed.description.clone());
            apl.set(typed.apl.clone());
            if let (Some(cb), Some(spec)) = (on_spec_typed, typed.spec_id.clone()) {
                cb.run(spec);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_spec_typed;
    let apl_errors = RwSignal::new(0usize);
    let is_new = id.is_none();
    let dirty = Signal::derive(move || {
        let base_apl = match starter {
            Some(text) if is_new => text.get(),
            _ => saved.with(|s| s.apl.clone()),
        };
        saved.with(|s| {
            name.with(|n| *n != s.name)
                || description.with(|d| *d != s.description)
                || apl.with(|a| *a != base_apl)
        })
    });
    // Counts describe the saved text: any edit hides them.
    let shown_counts = Signal::derive(move || {
        let c = counts.and_then(|c| c.get())?;
        (apl.with(|a| saved.with(|s| *a == s.apl))).then_some(c)
    });
    guard_unsaved(dirty);

    let save = Action::new({
        let id = id.clone();
        move |input: &RotationInput| {
            let (id, input) = (id.clone(), input.clone());
            async move {
                match id {
                    Some(id) => update_rotation(id, input).await,
                    None => create_rotation(input).await,
                }
            }
        }
    });
    let saving = save.pending();
    Effect::new({
        let navigate = navigate.clone();
        move |_| match save.value().get() {
            Some(Ok(r)) => {
                saved.set(Saved {
                    name: r.name.clone(),
                    description: r.description.clone(),
                    apl: r.apl.clone(),
                });
                name.set(r.name.clone());
                description.set(r.description.clone());
                errors.set(BTreeMap::new());
                toasts.push(
                    ToastKind::Success,
                    "Saved",
                    Some(format!("“{}” · version {}", r.name, r.version)),
                );
                if is_new {
                    navigate(&paths::rotation_page(&r.id), Default::default());
                }
                if let Some(cb) = on_saved {
                    cb.run(r);
                }
            }
            Some(Err(e)) => {
                errors.set(format::error_fields(&e));
                toasts.push(
                    ToastKind::Error,
                    "Not saved",
                    Some(format::error_message(&e)),
                );
            }
            None => {}
        }
    });
    let do_save = move || {
        if saving.get_untracked() {
            return;
        }
        let input = RotationInput {
            spec_id: Some(spec_id.get_untracked()),
            name: name.get_untracked(),
            description: description.get_untracked(),
            apl: apl.get_untracked(),
        };
        let mut local = BTreeMap::new();
        if let Some(m) = crate::model::name_error(&input.name, MAX_ROTATION_NAME) {
            local.insert("name".to_string(), m);
        }
        if !local.is_empty() {
            errors.set(local);
            toasts.push(
                ToastKind::Error,
                "Not saved",
                Some("Give the rotation a name.".into()),
            );
            return;
        }
        save.dispatch(input);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        do_save();
    };
    // Ctrl/Cmd+S anywhere in the form (the editor handles it inside the text itself).
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key())
            && ev.key().eq_ignore_ascii_case("s")
            && !ev.default_prevented()
        {
            ev.prevent_default();
            do_save();
        }
    };
    let on_editor_save = Callback::new(move |_: ()| do_save());
    let on_check = Callback::new(
        move |s: crate::ui::components::apl_editor::AplCheckSummary| {
            apl_errors.set(s.errors);
        },
    );

    view! {
    // A real form: before and without the WebAssembly the browser posts it (`server::forms`).
    <form
        class="rotation-form"
        method="post"
        action=id.as_deref().map_or_else(|| paths::NEW_ROTATION.to_string(), paths::rotation_page)
        on:submit=on_submit
        on:keydown=on_keydown
        novalidate=true
    >
        {children.map(|c| c())}
        <div class="row-2">
            <Field id="name" label="Name" errors>
                <input
                    id="name"
                    name="name"
                    type="text"
                    required=true
                    maxlength=MAX_ROTATION_NAME.to_string()
                    value=name.get_untracked()
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    aria-invalid=move || errors.with(|e| e.contains_key("name")).to_string()
                    aria-describedby="err-name"
                    placeholder="e.g. Fire — Combustion pooling"
                />
            </Field>
            <Field id="description" label="Description (optional)" errors>
                <input
                    id="description"
                    name="description"
                    type="text"
                    maxlength=MAX_ROTATION_DESCRIPTION.to_string()
                    value=description.get_untracked()
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                    aria-describedby="err-description"
                />
            </Field>
        </div>
        <AplEditor spec_id text=apl label="Priority list (APL)" on_save=on_editor_save on_check counts=shown_counts />
        {move || counts.and_then(|c| c.get()).map(|_| {
            let note = if shown_counts.get().is_some() {
                "Beside each line: how often it acted per fight, and its share of the damage, in your last simulation of this version."
            } else {
                "Edited since the last simulation: the line counts are cleared. Save and simulate to see new ones."
            };
            view! { <p class="help" data-testid="counts-note">{note}</p> }
        })}
        <Show when=move || errors.try_with(|e| e.contains_key("apl")).unwrap_or(false)>
            <p class="field-error" role="alert" id="err-apl">
                {move || errors.with(|e| e.get("apl").cloned().unwrap_or_default())}
            </p>
        </Show>
        {message.map(|m| view! { <p class="form-summary" role="alert" data-testid="form-message">{m}</p> })}
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                {move || if saving.get() { "Saving…" } else { "Save" }}
            </button>
            <span class="save-state" aria-live="polite" data-testid="save-state">
                {move || {
                    if saving.get() {
                        "Saving…".to_string()
                    } else if dirty.get() {
                        match apl_errors.get() {
                            0 => "Unsaved changes".to_string(),
                            1 => "Unsaved changes · 1 problem".to_string(),
                            n => format!("Unsaved changes · {n} problems"),
                        }
                    } else if is_new {
                        String::new()
                    } else {
                        "All changes saved".to_string()
                    }
                }}
            </span>
            <kbd class="shortcut" aria-hidden="true">"Ctrl+S"</kbd>
            {id.clone().map(|id| view! { <RotationActions id dirty /> })}
        </div>
    </form>
    }
    .into_any()
}

/// Simulate, fork and delete a saved rotation.
#[component]
fn RotationActions(id: String, dirty: Signal<bool>) -> impl IntoView {
    let toasts = use_toasts();
    let navigate = use_navigate();
    let confirm = RwSignal::new(false);
    let delete = Action::new(|id: &String| delete_rotation(id.clone()));
    let fork = use_fork();
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            toasts.push(
                ToastKind::Success,
                "Rotation deleted",
                Some("Its results stay in your history.".into()),
            );
            navigate(paths::ROTATIONS, Default::default());
        }
        Some(Err(e)) => toasts.push(
            ToastKind::Error,
            "Not deleted",
            Some(format::error_message(&e)),
        ),
        None => {}
    });
    let (fork_id, delete_id) = (id.clone(), id.clone());
    view! {
        <A href=paths::simulate_rotation(&id) attr:class="btn" attr:title=move || dirty.get().then_some("Save first: the form simulates the saved version")>
            "Simulate"
        </A>
        // Inside the save form: "Fork" posts the form to the fork address without the app.
        <button
            type="submit"
            class="btn"
            formaction=FormAction::Fork.path(&fork_id)
            formnovalidate=true
            on:click=move |ev| {
                ev.prevent_default();
                fork.dispatch(fork_id.clone());
            }
        >
            "Fork"
        </button>
        <button type="button" class="btn btn-danger js-only" on:click=move |_| confirm.set(true)>"Delete"</button>
        <ConfirmDialog
            open=confirm
            title="Delete this rotation?"
            message="It disappears from your library. Results already simulated with it stay in your history."
            keep_label="Keep it"
            confirm_label="Delete"
            on_confirm=Callback::new(move |_| { delete.dispatch(delete_id.clone()); })
        />
    }
    .into_any()
}
