//! `/rotations/new` (for now): a spec picker and the rotation editor, prefilled with the spec's
//! default rotation. `?spec=ID` picks the spec without the WASM. The full page (name, save,
//! simulate) replaces this one.

use crate::{
    server_fns::list_specs,
    ui::{
        components::{
            apl_editor::AplEditor,
            skeleton::{Loading, SkeletonBlock},
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use rotasim_engine::SpecSummary;

#[component]
pub fn RotationNewPage() -> impl IntoView {
    let specs = Resource::new(|| (), |_| list_specs());
    view! {
        <Title text="New rotation" />
        <div class="page-head">
            <h1>"New rotation"</h1>
        </div>
        <Suspense fallback=|| view! { <Loading label="Loading the specs…"><SkeletonBlock height=320 /></Loading> }>
            {move || Suspend::new(async move {
                match specs.await {
                    Ok(list) => view! { <NewRotation specs=list /> }.into_any(),
                    Err(e) => view! {
                        <div class="card error-card" role="alert">
                            <h2>"The specs could not be loaded"</h2>
                            <p>{format::error_message(&e)}</p>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewRotation(specs: Vec<SpecSummary>) -> impl IntoView {
    let wanted = use_query_map().with_untracked(|q| q.get("spec"));
    let first = wanted
        .and_then(|w| specs.iter().find(|s| s.id == w))
        .or(specs.first())
        .cloned();
    let (start_id, start_apl) = first.map_or_else(Default::default, |s| (s.id, s.default_apl));
    let spec_id = RwSignal::new(start_id);
    let text = RwSignal::new(start_apl);
    let saves = RwSignal::new(0u32);
    let specs = StoredValue::new(specs);
    let choose = move |id: String| {
        if let Some(apl) =
            specs.with_value(|l| l.iter().find(|s| s.id == id).map(|s| s.default_apl.clone()))
        {
            text.set(apl);
        }
        spec_id.set(id);
    };
    view! {
        <form class="card rotation-spec" method="get">
            <label for="rotation-spec">"Spec"</label>
            <select id="rotation-spec" name="spec" on:change=move |ev| choose(event_target_value(&ev))>
                {specs.with_value(|l| {
                    l.iter()
                        .map(|s| {
                            let selected = s.id == spec_id.get_untracked();
                            view! { <option value=s.id.clone() selected=selected>{format!("{} ({} {})", s.name, s.spec, s.class)}</option> }
                        })
                        .collect_view()
                })}
            </select>
            <noscript><button class="btn" type="submit">"Load"</button></noscript>
        </form>
        <form class="card rotation-form" method="post" on:submit=|ev| ev.prevent_default()>
            <AplEditor
                spec_id=spec_id
                text
                on_save=Callback::new(move |_| saves.update(|n| *n += 1))
            />
            <p class="muted" role="status" data-saves=move || saves.get().to_string()>
                {move || match saves.get() {
                    0 => String::new(),
                    n => format!("Save requested ({n}); saving arrives with the full page."),
                }}
            </p>
        </form>
    }
    .into_any()
}
