//! A one-button form ([`FormAction`]): before and without the WebAssembly the browser posts it
//! and the server answers with the outcome's page; in the app the submission is taken over by
//! `on_submit` (the same service behind a server function). And the sentence a page shows when
//! the server refused such a form (`?refused=`).

use crate::model::FormAction;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A form posting `action` for `id`, holding one submit button (`children`).
#[component]
pub fn ActionForm(
    action: FormAction,
    /// The job or rotation the form acts on.
    #[prop(into)]
    id: String,
    /// In the app: what the button does instead of posting.
    on_submit: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <form
            class="action-form"
            method="post"
            action=action.path(&id)
            on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(());
            }
        >
            {children()}
        </form>
    }
}

/// What the server said when it refused a one-button form of this page (nothing otherwise).
#[component]
pub fn RefusalNotice() -> impl IntoView {
    let query = use_query_map();
    let message = move || {
        query
            .try_with(|q| q.get("refused"))
            .flatten()
            .and_then(|v| FormAction::refusal_message(&v))
    };
    move || {
        message().map(|m| {
            view! { <p class="card error-card refusal" role="alert" data-testid="refusal">{m}</p> }
        })
    }
}
