//! The history's filter form: a plain `GET` form whose fields are the URL's query, so a filtered
//! view can be bookmarked and works without the WASM; with it, applying navigates in place and
//! leaves blank fields out of the URL.

use crate::{
    model::{paths, HistoryFilter, JobStatus, Rotation},
    server_fns::list_rotations,
};
use leptos::prelude::*;
use leptos_router::components::A;
use rotasim_engine::FightKind;

/// The rotation library, which the spec and rotation choices come from (loaded once a page).
pub type RotationList = Resource<Result<Vec<Rotation>, ServerFnError>>;

/// The library for [`HistoryFilters`].
pub fn rotation_list() -> RotationList {
    Resource::new(|| (), |_| list_rotations(None))
}

/// The filters of the history, showing `filter` (the page URL's).
#[component]
pub fn HistoryFilters(filter: HistoryFilter, rotations: RotationList) -> impl IntoView {
    let current = StoredValue::new(filter.clone());
    let value = move |key: &str| current.with_value(|f| f.get(key).unwrap_or("").to_string());
    #[cfg(feature = "hydrate")]
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            ev.prevent_default();
            let filter = HistoryFilter::from_query(|k| data.get(k).as_string());
            navigate.with_value(|go| go(&paths::history(&filter), Default::default()));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let options = move |list: Vec<(String, String)>, key: &'static str| choices(list, &value(key));
    let fights = FightKind::ALL
        .iter()
        .map(|f| (f.name().to_string(), f.label().to_string()))
        .collect::<Vec<_>>();
    let statuses = [
        JobStatus::Completed,
        JobStatus::Running,
        JobStatus::Queued,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ]
    .iter()
    .map(|s| (s.as_str().to_string(), s.as_str().to_string()))
    .collect::<Vec<_>>();
    view! {
        <form
            class="card history-filters"
            method="get"
            action=paths::HISTORY
            role="search"
            aria-label="Filter the history"
            data-testid="history-filters"
            on:submit=on_submit
        >
            <div class="filter-grid">
                <div class="field filter-q">
                    <label for="filter-q">"Search rotation"</label>
                    <input id="filter-q" name="q" type="search" maxlength="80" placeholder="Rotation name" value=value("q") />
                </div>
                <Transition fallback=move || view! {
                    <SpecAndRotation specs=keep(&value("spec")) rotations=keep(&value("rotation")) current />
                }>
                    {move || Suspend::new(async move {
                        let list = rotations.await.unwrap_or_default();
                        view! {
                            <SpecAndRotation
                                specs=specs(&list, &value("spec"))
                                rotations=rotation_options(&list, &value("rotation"))
                                current
                            />
                        }
                    })}
                </Transition>
                <div class="field">
                    <label for="filter-fight">"Fight"</label>
                    <select id="filter-fight" name="fight">
                        <option value="">"Any fight"</option>
                        {options(fights, "fight")}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-status">"Status"</label>
                    <select id="filter-status" name="status">
                        <option value="">"Any status"</option>
                        {options(statuses, "status")}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-from">"From"</label>
                    <input id="filter-from" name="from" type="date" value=value("from") />
                </div>
                <div class="field">
                    <label for="filter-to">"To"</label>
                    <input id="filter-to" name="to" type="date" value=value("to") />
                </div>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">"Apply filters"</button>
                <Show when=move || !current.with_value(HistoryFilter::is_empty)>
                    <A href=paths::HISTORY attr:class="btn">"Clear filters"</A>
                </Show>
                <span class="help">"Dates are UTC days; both ends are included."</span>
            </div>
        </form>
    }
    .into_any()
}

/// The spec and rotation selects (their options come from the rotation library).
#[component]
fn SpecAndRotation(
    specs: Vec<(String, String)>,
    rotations: Vec<(String, String)>,
    current: StoredValue<HistoryFilter>,
) -> impl IntoView {
    let chosen = move |key: &str| current.with_value(|f| f.get(key).unwrap_or("").to_string());
    view! {
        <div class="field">
            <label for="filter-spec">"Spec"</label>
            <select id="filter-spec" name="spec">
                <option value="">"Any spec"</option>
                {choices(specs, &chosen("spec"))}
            </select>
        </div>
        <div class="field">
            <label for="filter-rotation">"Rotation"</label>
            <select id="filter-rotation" name="rotation">
                <option value="">"Any rotation"</option>
                {choices(rotations, &chosen("rotation"))}
            </select>
        </div>
    }
    .into_any()
}

/// `<option>`s of `(value, label)` pairs with `chosen` selected.
fn choices(list: Vec<(String, String)>, chosen: &str) -> impl IntoView {
    list.into_iter()
        .map(|(v, label)| {
            let selected = v == chosen;
            view! { <option value=v selected=selected>{label}</option> }
        })
        .collect_view()
}

/// The chosen value alone (while the lists load), so the field shows what the URL holds.
fn keep(chosen: &str) -> Vec<(String, String)> {
    if chosen.is_empty() {
        Vec::new()
    } else {
        vec![(chosen.to_string(), chosen.to_string())]
    }
}

/// One option per spec of the rotations ("Fire Mage"), plus the chosen one if none matches.
fn specs(list: &[Rotation], chosen: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in list {
        if !out.iter().any(|(id, _)| id == &r.spec_id) {
            out.push((r.spec_id.clone(), format!("{} {}", r.spec, r.class)));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    with_chosen(out, chosen)
}

/// One option per rotation ("Fire Mage — Default"), plus the chosen one if none matches.
fn rotation_options(list: &[Rotation], chosen: &str) -> Vec<(String, String)> {
    let out = list
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect::<Vec<_>>();
    with_chosen(out, chosen)
}

fn with_chosen(mut out: Vec<(String, String)>, chosen: &str) -> Vec<(String, String)> {
    if !chosen.is_empty() && !out.iter().any(|(v, _)| v == chosen) {
        out.extend(keep(chosen));
    }
    out
}
