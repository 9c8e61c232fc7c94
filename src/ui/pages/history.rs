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
    // The cursors of the pages after the first that were opened, for the filter they belong to
    // (another filter starts at its first page).
    let pages = RwSignal::new((HistoryFilter::default(), Vec::<String>::new()));
    let cursor = move || {
        let f = filter.get();
        pages.with(|(of, stack)| {
            if *of == f {
                stack.last().cloned()
            } else {
                None
            }
        })
    };
    let first = move || pages.with(|(of, stack)| stack.is_empty() || *of != filter.get());
    let page = Resource::new(
        move || (filter.get(), cursor()),
        |(f, c)| list_simulations(f, Some(PAGE), c),
    );
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
                        let next = p.next_cursor.clone();
                        view! {
                            <HistoryTable jobs=p.results />
                            <nav class="pager" aria-label="History pages">
                                <button
                                    class="btn"
                                    disabled=first
                                    on:click=move |_| pages.update(|(_, stack)| {
                                        stack.pop();
                                    })
                                >
                                    "← Newer"
                                </button>
                                <button
                                    class="btn"
                                    disabled=next.is_none()
                                    on:click=move |_| {
                                        let f = filter.get_untracked();
                                        let next = next.clone().unwrap_or_default();
                                        pages.update(|(of, stack)| {
                                            if *of != f {
                                                *of = f;
                                                stack.clear();
                                            }
                                            stack.push(next);
                                        });
                                    }
                                >
                                    "Older →"
                                </button>
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
