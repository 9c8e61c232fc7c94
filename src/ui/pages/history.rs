//! `/simulate/history`: the user's simulations, newest first, a page at a time, narrowed by the
//! filters in the page URL ([`filters`]); rows to pick for a comparison and to sim again
//! ([`table`]).

mod filters;
mod table;

use crate::{
    model::{paths, ErrorCode, HistoryFilter},
    server_fns::list_simulations,
    ui::{
        components::skeleton::{Loading, SkeletonLines},
        format,
    },
};
use filters::{rotation_list, HistoryFilters};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use table::HistoryTable;

/// Jobs per page.
const PAGE: u32 = 20;

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| HistoryFilter::from_query(|k| query.read().get(k)));
    // Where the player is: the cursors of the pages before this one, from the address.
    let pages = Memo::new(move |_| {
        query
            .try_with(|q| q.get("pages"))
            .flatten()
            .map(|p| {
                p.split('.')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let first = move || pages.with(Vec::is_empty);
    let page = Resource::new(
        move || (filter.get(), pages.with(|p| p.last().cloned())),
        |(f, c)| list_simulations(f, Some(PAGE), c),
    );
    // After "Older" or "Newer" the focus goes to the new rows, not back to the top.
    let moved = StoredValue::new(false);
    let rotations = rotation_list();
    view! {
        <Title text="History" />
        <div class="page-head">
            <h1>"Simulation History"</h1>
            <A href=paths::SIMULATE attr:class="btn btn-primary">"New simulation"</A>
        </div>
        {move || view! { <HistoryFilters filter=filter.get() rotations /> }}
        <Transition fallback=|| view! { <HistorySkeleton /> }>
            {move || Suspend::new(async move {
                let filtered = !filter.get_untracked().is_empty();
                match page.await {
                    Err(e) => view! { <HistoryError error=e /> }.into_any(),
                    Ok(p) if p.results.is_empty() && first() && !filtered => view! {
                        <div class="empty-state" data-testid="empty-history">
                            <p>"No simulations yet."</p>
                            <A href=paths::SIMULATE attr:class="btn btn-primary">"Run your first simulation"</A>
                        </div>
                    }.into_any(),
                    Ok(p) if p.results.is_empty() && first() => view! {
                        <div class="empty-state" data-testid="no-matches">
                            <p>"No simulations match these filters."</p>
                            <A href=paths::HISTORY attr:class="btn">"Clear filters"</A>
                        </div>
                    }.into_any(),
                    Ok(p) => {
                        let f = filter.get_untracked();
                        let before = pages.get_untracked();
                        let newer = (!before.is_empty())
                            .then(|| paths::history_page(&f, &before[..before.len() - 1]));
                        let older = p.next_cursor.clone().map(|next| {
                            let mut to = before.clone();
                            to.push(next);
                            paths::history_page(&f, &to)
                        });
                        if moved.get_value() {
                            moved.set_value(false);
                            #[cfg(feature = "hydrate")]
                            request_animation_frame(|| {
                                use wasm_bindgen::JsCast;
                                if let Some(el) = document()
                                    .get_element_by_id("history-results")
                                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                                {
                                    let _ = el.focus();
                                }
                            });
                        }
                        let link = move |href: Option<String>, label: &'static str| match href {
                            Some(href) => view! {
                                <A href=href attr:class="btn" on:click=move |_| moved.set_value(true)>{label}</A>
                            }
                            .into_any(),
                            None => view! { <span class="btn" aria-disabled="true">{label}</span> }.into_any(),
                        };
                        view! {
                            <HistoryTable jobs=p.results />
                            <nav class="pager" aria-label="History pages">
                                {link(newer, "← Newer")}
                                {link(older, "Older →")}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Why the history could not be shown: bad filters in the URL name each field.
#[component]
fn HistoryError(error: ServerFnError) -> impl IntoView {
    let bad_filter = format::error_code(&error) == Some(ErrorCode::InvalidRequest);
    let fields = format::error_fields(&error);
    view! {
        <div class="card error-card" role="alert" data-testid="history-error">
            <h2>{if bad_filter { "Some filters are not valid" } else { "History could not be loaded" }}</h2>
            {if fields.is_empty() {
                view! { <p>{format::error_message(&error)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {fields
                            .into_iter()
                            .map(|(k, m)| view! { <li><strong>{k}</strong>" " {m}</li> })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <A href=paths::HISTORY attr:class="btn">"Clear filters"</A>
        </div>
    }
}

#[component]
fn HistorySkeleton() -> impl IntoView {
    view! {
        <Loading label="Loading your simulations…">
            <div class="card"><SkeletonLines lines=6 /></div>
        </Loading>
    }
}
