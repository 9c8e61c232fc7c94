//! `/simulate`: the quick-sim form, built from the catalogue. Its state and request are in
//! `fields`, the rotation picker in `rotation`, the character stats in `character`.
//!
//! It is a real `<form method="post">`: without the WebAssembly (or before it arrives) the
//! browser posts it to the server (`server::forms`), which starts the job and redirects to its
//! page, or sends this page back with the values kept and each error at its field
//! ([`FormEcho`], read from the request's context). With the WebAssembly, the values on the
//! page when it starts become the form's state, and a submission reads the form itself.

mod character;
mod fields;
#[cfg(feature = "hydrate")]
mod on_screen;
mod raid;
mod rotation;
mod variants;

use crate::{
    model::{
        form_names, paths, CreateSimulationRequest, FormEcho, RotationChoice, SimulateOptions,
    },
    server_fns::{get_simulate_options, submit_simulation},
    ui::{
        components::{
            field::{CheckField, Field, NumberField},
            skeleton::{Loading, SkeletonBlock, SkeletonLines},
            toast::use_toasts,
        },
        format,
    },
};
use character::CharacterFieldset;

/// The form element's id.
const FORM_ID: &str = "sim-form";
use fields::Fields;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use rotasim_engine::FightKind;
use rotation::RotationSelect;
use std::collections::BTreeMap;
use variants::VariantsFieldset;

/// The simulation form page.
#[component]
pub fn SimulatePage() -> impl IntoView {
    // A refused no-JavaScript submission: the server renders this page with it (on the
    // server only; the browser reads it back from the resource's serialized value).
    let echo = use_context::<FormEcho>();
    let options = Resource::new(
        || (),
        move |_| {
            let echo = echo.clone();
            async move { get_simulate_options().await.map(|o| (o, echo)) }
        },
    );
    view! {
        <Title text="Simulate" />
        <div class="page-head">
            <h1>"Quick Sim"</h1>
            <A href=paths::HISTORY attr:class="btn">"View Previous"</A>
        </div>
        <Suspense fallback=|| view! { <FormSkeleton /> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok((o, echo)) => view! { <SimulateForm options=o echo /> }.into_any(),
                    Err(e) => view! {
                        <div class="card error-card" role="alert">
                            <h2>"The form could not be loaded"</h2>
                            <p>{format::error_message(&e)}</p>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FormSkeleton() -> impl IntoView {
    view! {
        <Loading label="Loading the simulation form…">
            <div class="form-grid">
                <div class="card"><SkeletonLines lines=4 /><SkeletonBlock height=120 /></div>
                <div class="card"><SkeletonLines lines=6 /></div>
            </div>
        </Loading>
    }
}

/// The form: checked in the browser first, then submitted; the server's field errors come back
/// to their fields. `echo` is a submission the server sent back.
#[component]
fn SimulateForm(options: SimulateOptions, echo: Option<FormEcho>) -> impl IntoView {
    let toasts = use_toasts();
    let navigate = use_navigate();
    let choices = StoredValue::new(options.rotations.clone());
    let wanted = use_query_map().read_untracked().get("rotationId");
    let fields = Fields::new(&options, wanted.as_deref(), echo.as_ref().map(|e| &e.form));
    let errors = RwSignal::new(echo.as_ref().map(|e| e.errors.clone()).unwrap_or_default());
    let message = RwSignal::new(echo.as_ref().and_then(|e| e.message.clone()));
    let tried = RwSignal::new(echo.is_some());
    // What the player typed or chose before the app started is what the form holds: read
    // here, before the page is taken over, and set once it has been (the page comes alive
    // with the server's values, so that it matches what the server sent; then everything
    // drawn from the values is drawn again from the ones on screen).
    #[cfg(feature = "hydrate")]
    if let Some(form) = on_screen::current() {
        Effect::new(move |_| {
            fields.set_form(&form);
            fields.batch.on.set(form.batch);
        });
    }
    let selected = Signal::derive(move || -> Option<RotationChoice> {
        let id = fields.rotation.get();
        choices.with_value(|c| c.iter().find(|r| r.rotation.id == id).cloned())
    });
    let spec_id = Signal::derive(move || {
        selected
            .get()
            .map(|c| c.rotation.spec_id)
            .unwrap_or_default()
    });
    let reset_stats = Callback::new(move |_: ()| {
        if let Some(c) = selected.get_untracked() {
            fields.reset_stats(&c);
        }
    });
    // After a first attempt, errors follow the inputs as they change.
    Effect::new(move |_| {
        fields.track();
        if tried.get_untracked() {
            errors.set(fields.request().err().unwrap_or_default());
        }
    });

    let submit = Action::new(|req: &CreateSimulationRequest| submit_simulation(req.clone()));
    let pending = submit.pending();
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            match (toasts.started(&result), &result) {
                (Some(page), _) => navigate(&page, Default::default()),
                (None, Err(e)) => {
                    let fields = format::error_fields(e);
                    if !fields.is_empty() {
                        errors.set(fields);
                    }
                }
                (None, Ok(_)) => {}
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        message.set(None);
        // The values the form shows are the values sent.
        #[cfg(feature = "hydrate")]
        let form = on_screen::submitted(&ev).unwrap_or_else(|| fields.form());
        #[cfg(not(feature = "hydrate"))]
        let form = fields.form();
        fields.set_form(&form);
        match fields.request_of(&form) {
            Ok(req) => {
                errors.set(BTreeMap::new());
                submit.dispatch(req);
            }
            Err(e) => {
                errors.set(e);
                #[cfg(feature = "hydrate")]
                request_animation_frame(|| {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = document()
                        .query_selector("[aria-invalid='true']")
                        .ok()
                        .flatten()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = el.focus();
                    }
                });
            }
        }
    };

    let variant_rotations = StoredValue::new(options.rotations.clone());
    let variant_characters = StoredValue::new(options.characters.clone());
    let min_d = options.min_duration;
    let max_d = options.max_duration;
    let max_i = options.max_iterations;
    let max_t = options.max_targets;
    view! {
        <form
            class="sim-form"
            id=FORM_ID
            method="post"
            action=paths::SIMULATE
            on:submit=on_submit
            novalidate=true
        >
            <div class="form-grid">
                {view! {
                <section class="card" aria-labelledby="fight-title">
                    <h2 id="fight-title">"Rotation and fight"</h2>
                    <RotationSelect rotations=options.rotations fields errors selected on_change=reset_stats />
                    <Field id="fightType" label="Fight" errors>
                        <select
                            id="fightType"
                            name=form_names::FIGHT
                            prop:value=move || fields.fight.get()
                            on:change=move |ev| fields.fight.set(event_target_value(&ev))
                            aria-describedby="err-fightType"
                        >
                            {FightKind::ALL.map(|f| view! {
                                <option value=f.name() selected=move || fields.fight.get() == f.name()>{f.label()}</option>
                            }).collect_view()}
                        </select>
                    </Field>
                    // What the chosen fight is, and its targets field, shown by the stylesheet:
                    // the same with or without the WebAssembly, nothing to mismatch when the
                    // page comes alive.
                    {FightKind::ALL.map(|f| view! {
                        <p class="help fight-help" data-fight=f.name()>{f.description()}</p>
                    }).collect_view()}
                    <div class="when-targets">
                        <NumberField id="targets" label="Targets" value=fields.targets min=1.0 max=max_t as f64 step="1" errors />
                        <p class="help">"AoE: enemies at once · hectic add cleave: adds per wave · dungeon slice: enemies per pack"</p>
                    </div>
                    <div class="row-2">
                        <NumberField id="duration" label="Duration (seconds)" value=fields.duration min=min_d max=max_d step="1" errors />
                        <NumberField id="iterations" label="Iterations" value=fields.iterations min=1.0 max=max_i as f64 step="1" errors />
                    </div>
                    <Show when=move || !fields.batch.on.get()>
                        <CheckField id="use-target-error" name=form_names::USE_TARGET_ERROR label="Stop early at a target error" checked=fields.use_target_error />
                        // Shown by the stylesheet while the box above is ticked.
                        <div class="when-target-error">
                            <NumberField id="targetError" label="Target error (% of mean DPS)" value=fields.target_error min=0.01 max=10.0 step="0.01" errors />
                        </div>
                        <CheckField id="stat-weights" name=form_names::STAT_WEIGHTS label="Compute stat weights" checked=fields.stat_weights help="(five more runs; takes about six times as long)" />
                    </Show>
                    <div class="js-only">
                        <CheckField id="batch" name=form_names::BATCH label="Compare variants (batch)" checked=fields.batch.on help="(other rotations or characters on the same iterations)" />
                        <p class="field-error" id="err-batch">{move || errors.with(|e| e.get(form_names::BATCH).cloned())}</p>
                    </div>
                </section>
                }.into_any()}
                <CharacterFieldset fields errors on_reset=reset_stats characters=options.characters.clone() spec_id />
                <raid::RaidFieldset raid=fields.raid errors />
            </div>
            <Show when=move || fields.batch.on.get()>
                <VariantsFieldset
                    batch=fields.batch
                    rotations=variant_rotations.get_value()
                    characters=variant_characters.get_value()
                    baseline_rotation=fields.rotation
                    errors
                />
            </Show>
            {view! {
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-large" disabled=move || pending.get()>
                    {move || if pending.get() { "Starting…" } else { "Run Simulation" }}
                </button>
                <Show when=move || message.try_with(Option::is_some).unwrap_or(false)>
                    <p class="form-summary" role="alert" data-testid="form-message">{move || message.get()}</p>
                </Show>
                <Show when=move || errors.try_with(|e| !e.is_empty()).unwrap_or(false)>
                    <p class="form-summary" role="alert">
                        {move || match errors.with(|e| e.len()) {
                            1 => "Please fix the field marked above.".to_string(),
                            n => format!("Please fix the {n} fields marked above."),
                        }}
                    </p>
                </Show>
            </div>
            }.into_any()}
        </form>
    }
}
