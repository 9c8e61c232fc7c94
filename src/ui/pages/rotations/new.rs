//! `/rotations/new` (`?spec=` preselects a spec): a new rotation for a spec, starting from that
//! spec's default priority list or from an empty one.

use super::form::RotationForm;
use crate::{
    model::{paths, RotationEcho},
    server_fns::list_specs,
    ui::{
        components::skeleton::{Loading, SkeletonBlock},
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use rotasim_engine::SpecSummary;

/// The new-rotation page.
#[component]
pub fn NewRotationPage() -> impl IntoView {
    // A refused no-JavaScript save: the server renders this page with it (the browser reads
    // it back from the resource's serialized value).
    let echo = use_context::<RotationEcho>();
    let specs = Resource::new(
        || (),
        move |_| {
            let echo = echo.clone();
            async move { list_specs().await.map(|s| (s, echo)) }
        },
    );
    view! {
        <Title text="New rotation" />
        <div class="page-head">
            <h1>"New rotation"</h1>
            <A href=paths::ROTATIONS attr:class="btn">"All rotations"</A>
        </div>
        <Suspense fallback=|| view! { <Loading label="Loading specs…"><SkeletonBlock height=320 /></Loading> }>
            {move || Suspend::new(async move {
                match specs.await {
                    Ok((list, echo)) => view! { <NewRotation specs=list echo /> }.into_any(),
                    Err(e) => view! {
                        <div class="card error-card" role="alert"><p>{format::error_message(&e)}</p></div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The starter text of an empty rotation for `spec`.
fn blank(spec: &SpecSummary) -> String {
    format!(
        "# {}: your priority list, highest priority first.\n# Type a spell name, or pick one from the list beside the editor.\nactions=",
        spec.name
    )
}

#[component]
fn NewRotation(specs: Vec<SpecSummary>, echo: Option<RotationEcho>) -> impl IntoView {
    let query = use_query_map();
    let wanted = echo
        .as_ref()
        .and_then(|e| e.input.spec_id.clone())
        .or_else(|| query.read_untracked().get("spec"));
    let first = wanted
        .and_then(|w| specs.iter().find(|s| s.id == w))
        .or(specs.first())
        .cloned();
    let spec_id = RwSignal::new(first.as_ref().map(|s| s.id.clone()).unwrap_or_default());
    let start_blank = RwSignal::new(false);
    let apl = RwSignal::new(match &echo {
        Some(e) => e.input.apl.clone(),
        None => first
            .as_ref()
            .map(|s| s.default_apl.clone())
            .unwrap_or_default(),
    });
    let specs = StoredValue::new(specs);
    // A new spec or starting point replaces the text only while it is still a starter text.
    let starter = move |id: &str, blank_start: bool| -> Option<String> {
        specs.with_value(|all| {
            all.iter().find(|s| s.id == id).map(|s| {
                if blank_start {
                    blank(s)
                } else {
                    s.default_apl.clone()
                }
            })
        })
    };
    let is_starter = move |text: &str| {
        specs.with_value(|all| {
            all.iter()
                .any(|s| s.default_apl == text || blank(s) == text)
        })
    };
    let starter_text =
        Signal::derive(move || starter(&spec_id.get(), start_blank.get()).unwrap_or_default());
    let change = move |id: String, blank_start: bool| {
        if is_starter(&apl.get_untracked()) {
            if let Some(t) = starter(&id, blank_start) {
                apl.set(t);
            }
        }
        spec_id.set(id);
        start_blank.set(blank_start);
    };
    view! {
        <RotationForm
            existing=None
            spec_id
            apl
            starter=starter_text
            echo
            on_spec_typed=Callback::new(move |id: String| spec_id.set(id))
        >
            <div class="row-2">
                <div class="field">
                    <label for="specId">"Spec"</label>
                    <select
                        id="specId"
                        name="specId"
                        on:change=move |ev| change(event_target_value(&ev), start_blank.get_untracked())
                    >
                        {specs.with_value(|all| all.iter().map(|s| {
                            let id = s.id.clone();
                            view! {
                                <option value=id.clone() selected=move || spec_id.get() == id>{s.name.clone()}</option>
                            }
                        }).collect_view())}
                    </select>
                </div>
                <fieldset class="field radio-row">
                    <legend>"Start from"</legend>
                    <label>
                        <input type="radio" name="start" value="default" prop:checked=move || !start_blank.get()
                            on:change=move |_| change(spec_id.get_untracked(), false) />
                        " the spec's default rotation"
                    </label>
                    <label>
                        <input type="radio" name="start" value="blank" prop:checked=move || start_blank.get()
                            on:change=move |_| change(spec_id.get_untracked(), true) />
                        " an empty list"
                    </label>
                </fieldset>
            </div>
        </RotationForm>
    }
    .into_any()
}
