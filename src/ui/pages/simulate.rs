//! `/simulate`: the quick-sim form, built from the catalogue.

use crate::{
    model::{CreateSimulationRequest, RotationChoice, SimulateOptions},
    server_fns::{get_simulate_options, submit_simulation},
    ui::{
        components::{
            skeleton::{Loading, SkeletonBlock, SkeletonLines},
            toast::{use_toasts, ToastKind},
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};
use rotasim_engine::{Character, StatKind};
use std::collections::BTreeMap;

/// The simulation form page.
#[component]
pub fn SimulatePage() -> impl IntoView {
    let options = Resource::new(|| (), |_| get_simulate_options());
    view! {
        <Title text="Simulate" />
        <div class="page-head">
            <h1>"Quick Sim"</h1>
            <A href="/simulate/history" attr:class="btn">"View Previous"</A>
        </div>
        <Suspense fallback=|| view! { <FormSkeleton /> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(o) => view! { <SimulateForm options=o /> }.into_any(),
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

const STATS: [(StatKind, &str); 5] = [
    (StatKind::Primary, "Primary stat"),
    (StatKind::Crit, "Critical strike"),
    (StatKind::Haste, "Haste"),
    (StatKind::Mastery, "Mastery"),
    (StatKind::Versatility, "Versatility"),
];

fn stat_of(c: &Character, kind: StatKind) -> f64 {
    c.total(kind)
}

/// The form's raw inputs (strings, as typed).
#[derive(Clone, Copy)]
struct Fields {
    rotation: RwSignal<String>,
    fight: RwSignal<String>,
    targets: RwSignal<String>,
    duration: RwSignal<String>,
    iterations: RwSignal<String>,
    use_target_error: RwSignal<bool>,
    target_error: RwSignal<String>,
    stat_weights: RwSignal<bool>,
    stats: [RwSignal<String>; 5],
}

impl Fields {
    /// The request, or the fields that do not parse.
    fn request(&self) -> Result<CreateSimulationRequest, BTreeMap<String, String>> {
        let mut errors = BTreeMap::new();
        let mut num = |key: &str, v: &str| -> f64 {
            match v.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => n,
                _ => {
                    errors.insert(key.to_string(), "enter a number".to_string());
                    f64::NAN
                }
            }
        };
        let duration = num("duration", &self.duration.get_untracked());
        let iterations = num("iterations", &self.iterations.get_untracked());
        let fight = self.fight.get_untracked();
        let targets = (fight == "aoe").then(|| num("targets", &self.targets.get_untracked()));
        let target_error = self
            .use_target_error
            .get_untracked()
            .then(|| num("targetError", &self.target_error.get_untracked()));
        let mut character = Character::default();
        for ((kind, _), s) in STATS.iter().zip(self.stats) {
            let v = num(&format!("character.{}", kind.name()), &s.get_untracked());
            character = character.with_added(*kind, v);
        }
        let whole = |n: f64| -> u32 {
            if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) {
                n as u32
            } else {
                0
            }
        };
        let req = CreateSimulationRequest {
            rotation_id: self.rotation.get_untracked(),
            duration,
            iterations: whole(iterations),
            fight_type: fight,
            targets: targets.map(whole),
            target_error,
            stat_weights: Some(self.stat_weights.get_untracked()),
            seed: None,
            character: Some(character),
        };
        if !iterations.is_nan() && (iterations.fract() != 0.0) {
            errors.insert("iterations".into(), "enter a whole number".into());
        }
        for (k, v) in req.field_errors() {
            errors.entry(k).or_insert(v);
        }
        if errors.is_empty() {
            Ok(req)
        } else {
            Err(errors)
        }
    }
}

#[component]
fn SimulateForm(options: SimulateOptions) -> impl IntoView {
    let toasts = use_toasts();
    let navigate = use_navigate();
    let choices = StoredValue::new(options.rotations.clone());
    let first = options.rotations.first().cloned();
    let fields = Fields {
        rotation: RwSignal::new(
            first
                .as_ref()
                .map(|c| c.rotation.id.clone())
                .unwrap_or_default(),
        ),
        fight: RwSignal::new("patchwerk".into()),
        targets: RwSignal::new(options.default_targets.to_string()),
        duration: RwSignal::new("300".into()),
        iterations: RwSignal::new("10000".into()),
        use_target_error: RwSignal::new(false),
        target_error: RwSignal::new("0.1".into()),
        stat_weights: RwSignal::new(false),
        stats: STATS.map(|(k, _)| {
            RwSignal::new(
                first
                    .as_ref()
                    .map(|c| stat_of(&c.character, k).to_string())
                    .unwrap_or_default(),
            )
        }),
    };
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let tried = RwSignal::new(false);
    let selected = move || -> Option<RotationChoice> {
        let id = fields.rotation.get();
        choices.with_value(|c| c.iter().find(|r| r.rotation.id == id).cloned())
    };
    let reset_stats = move || {
        if let Some(c) = selected() {
            for ((k, _), s) in STATS.iter().zip(fields.stats) {
                s.set(stat_of(&c.character, *k).to_string());
            }
        }
    };
    // After a first attempt, errors follow the inputs as they change.
    Effect::new(move |_| {
        let _ = (
            fields.duration.get(),
            fields.iterations.get(),
            fields.fight.get(),
            fields.targets.get(),
            fields.use_target_error.get(),
            fields.target_error.get(),
            fields.stats.map(|s| s.get()),
        );
        if tried.get_untracked() {
            errors.set(fields.request().err().unwrap_or_default());
        }
    });

    let submit = Action::new(|req: &CreateSimulationRequest| submit_simulation(req.clone()));
    let pending = submit.pending();
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            match result {
                Ok(created) => {
                    toasts.push(
                        ToastKind::Success,
                        "Simulation started",
                        Some(format!("Job {} is queued", created.job_id)),
                    );
                    navigate(
                        &format!("/simulate/results/{}", created.job_id),
                        Default::default(),
                    );
                }
                Err(e) => {
                    let fields = format::error_fields(&e);
                    toasts.push(
                        ToastKind::Error,
                        format::submit_error_title(&e, "Failed to start simulation"),
                        Some(format::error_message(&e)),
                    );
                    if !fields.is_empty() {
                        errors.set(fields);
                    }
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        match fields.request() {
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

    let classes: Vec<String> = {
        let mut v: Vec<String> = options
            .rotations
            .iter()
            .map(|c| c.rotation.class.clone())
            .collect();
        v.dedup();
        v
    };
    let rotation_options = classes
        .into_iter()
        .map(|class| {
            let members: Vec<RotationChoice> = options
                .rotations
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

    let min_d = options.min_duration;
    let max_d = options.max_duration;
    let max_i = options.max_iterations;
    let max_t = options.max_targets;
    view! {
        <form class="sim-form" on:submit=on_submit novalidate=true>
            <div class="form-grid">
                <section class="card" aria-labelledby="fight-title">
                    <h2 id="fight-title">"Rotation and fight"</h2>
                    <Field id="rotationId" label="Rotation" errors>
                        <select
                            id="rotationId"
                            name="rotationId"
                            on:change=move |ev| {
                                fields.rotation.set(event_target_value(&ev));
                                reset_stats();
                            }
                            aria-invalid=move || errors.with(|e| e.contains_key("rotationId")).to_string()
                            aria-describedby="rotation-help err-rotationId"
                        >
                            {rotation_options}
                        </select>
                        <p class="help" id="rotation-help">
                            {move || selected().map(|c| format!("{} · resource: {}", c.description, c.resource)).unwrap_or_default()}
                        </p>
                    </Field>
                    <Field id="fightType" label="Fight" errors>
                        <select
                            id="fightType"
                            name="fightType"
                            on:change=move |ev| fields.fight.set(event_target_value(&ev))
                            aria-describedby="err-fightType"
                        >
                            <option value="patchwerk" selected=move || fields.fight.get() == "patchwerk">"Patchwerk — one target, stand still"</option>
                            <option value="movement" selected=move || fields.fight.get() == "movement">"Movement — one target, move often"</option>
                            <option value="aoe" selected=move || fields.fight.get() == "aoe">"AoE — several targets"</option>
                        </select>
                    </Field>
                    <Show when=move || fields.fight.get() == "aoe">
                        <NumberField id="targets" label="Targets" value=fields.targets min=1.0 max=max_t as f64 step="1" errors />
                    </Show>
                    <div class="row-2">
                        <NumberField id="duration" label="Duration (seconds)" value=fields.duration min=min_d max=max_d step="1" errors />
                        <NumberField id="iterations" label="Iterations" value=fields.iterations min=1.0 max=max_i as f64 step="1" errors />
                    </div>
                    <div class="check-row">
                        <input
                            type="checkbox"
                            id="use-target-error"
                            prop:checked=move || fields.use_target_error.get()
                            on:change=move |ev| fields.use_target_error.set(event_target_checked(&ev))
                        />
                        <label for="use-target-error">"Stop early at a target error"</label>
                    </div>
                    <Show when=move || fields.use_target_error.get()>
                        <NumberField id="targetError" label="Target error (% of mean DPS)" value=fields.target_error min=0.01 max=10.0 step="0.01" errors />
                    </Show>
                    <div class="check-row">
                        <input
                            type="checkbox"
                            id="stat-weights"
                            prop:checked=move || fields.stat_weights.get()
                            on:change=move |ev| fields.stat_weights.set(event_target_checked(&ev))
                        />
                        <label for="stat-weights">"Compute stat weights"</label>
                        <span class="help">"(five more runs; takes about six times as long)"</span>
                    </div>
                </section>
                <section class="card" aria-labelledby="character-title">
                    <div class="card-head">
                        <h2 id="character-title">"Character"</h2>
                        <button type="button" class="btn btn-small" on:click=move |_| reset_stats()>
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
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-large" disabled=move || pending.get()>
                    {move || if pending.get() { "Starting…" } else { "Run Simulation" }}
                </button>
                <A href="/simulate/history" attr:class="btn">"View Previous"</A>
                <Show when=move || errors.with(|e| !e.is_empty())>
                    <p class="form-summary" role="alert">
                        {move || match errors.with(|e| e.len()) {
                            1 => "Please fix the field marked above.".to_string(),
                            n => format!("Please fix the {n} fields marked above."),
                        }}
                    </p>
                </Show>
            </div>
        </form>
    }
}

/// A labelled control with its error message underneath.
#[component]
fn Field(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    errors: RwSignal<BTreeMap<String, String>>,
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
fn NumberField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    min: f64,
    max: f64,
    step: &'static str,
    errors: RwSignal<BTreeMap<String, String>>,
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
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=format!("err-{id}")
            />
        </Field>
    }
}
