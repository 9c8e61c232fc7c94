//! The owner's "Share" control on a completed result: it creates a read-only link and shows it
//! in a small dialog with "Copy link" and "Revoke" (and "Revoke all" when the result has other
//! live links). A token is shown only when it is created (it is stored hashed), so each "Share"
//! makes a new link.

use crate::{
    model::{FormAction, ShareLink},
    server_fns::{get_share_status, revoke_share, revoke_simulation_shares, share_simulation},
    ui::{
        components::{
            action_form::ActionForm,
            toast::{use_toasts, ToastKind},
        },
        format,
    },
};
use leptos::{html, prelude::*, task::spawn_local};

/// Where the dialog's link stands.
#[derive(Debug, Clone, PartialEq)]
enum LinkState {
    /// Being created.
    Creating,
    /// Created: it opens the result for anyone.
    Ready(ShareLink),
    /// Revoked from this dialog.
    Revoked,
    /// Creating or revoking failed; why.
    Failed(String),
}

/// The link as the address bar shows it (absolute in the browser).
fn absolute(url: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        format!("{}{url}", window().location().origin().unwrap_or_default())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        url.to_string()
    }
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`); `done` learns whether it
/// worked (no clipboard here, or a refused write, is `false`: the link stays selected instead).
fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast, JsValue};
        let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
        let clipboard = get(&window().into(), "navigator")
            .and_then(|n| get(&n, "clipboard"))
            .filter(|c| !c.is_undefined());
        let promise = clipboard.and_then(|c| {
            let write = get(&c, "writeText")?.dyn_into::<js_sys::Function>().ok()?;
            write
                .call1(&c, &text.into())
                .ok()?
                .dyn_into::<js_sys::Promise>()
                .ok()
        });
        let Some(promise) = promise else {
            return done(false);
        };
        let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
        let settle = move |ok: bool| {
            let done = done.clone();
            Closure::once_into_js(move |_: JsValue| {
                if let Some(f) = done.take() {
                    f(ok)
                }
            })
            .unchecked_into::<js_sys::Function>()
        };
        // `then` through Reflect: its arguments are plain functions that free themselves.
        if let Some(then) =
            get(&promise, "then").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            let _ = then.call2(&promise, &settle(true), &settle(false));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        done(false);
    }
}

/// The "Share" button and its dialog, for the owner's completed job `job_id`.
#[component]
pub fn ShareControl(job_id: String) -> impl IntoView {
    let toasts = use_toasts();
    let id = StoredValue::new(job_id);
    let open = RwSignal::new(false);
    let link = RwSignal::new(LinkState::Creating);
    let others = RwSignal::new(0u32);
    // Whether the last "Copy link" worked (`None`: not tried yet).
    let copied = RwSignal::new(None::<bool>);
    let input = NodeRef::<html::Input>::new();

    let create = move |_: ()| {
        open.set(true);
        link.set(LinkState::Creating);
        copied.set(None);
        spawn_local(async move {
            let next = match share_simulation(id.get_value()).await {
                Ok(l) => LinkState::Ready(l),
                Err(e) => LinkState::Failed(format::error_message(&e)),
            };
            let created = matches!(next, LinkState::Ready(_));
            let _ = link.try_set(next);
            if created {
                if let Ok(s) = get_share_status(id.get_value()).await {
                    let _ = others.try_set(s.live.saturating_sub(1));
                }
            }
        });
    };
    let revoke = move |_| {
        let LinkState::Ready(l) = link.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match revoke_share(l.token).await {
                Ok(()) => {
                    let _ = link.try_set(LinkState::Revoked);
                    toasts.push(ToastKind::Info, "Share link revoked", None);
                }
                Err(e) => {
                    let _ = link.try_set(LinkState::Failed(format::error_message(&e)));
                }
            }
        });
    };
    let revoke_all = move |_| {
        spawn_local(async move {
            match revoke_simulation_shares(id.get_value()).await {
                Ok(n) => {
                    let _ = others.try_set(0);
                    if matches!(link.get_untracked(), LinkState::Ready(_)) {
                        let _ = link.try_set(LinkState::Revoked);
                    }
                    toasts.push(
                        ToastKind::Info,
                        format!("{n} share link{} revoked", if n == 1 { "" } else { "s" }),
                        None,
                    );
                }
                Err(e) => toasts.push(
                    ToastKind::Error,
                    "Could not revoke",
                    Some(format::error_message(&e)),
                ),
            }
        });
    };
    let on_copy = move |_| {
        let LinkState::Ready(l) = link.get_untracked() else {
            return;
        };
        if let Some(i) = input.get_untracked() {
            i.select();
        }
        copy(&absolute(&l.url), move |ok| {
            let _ = copied.try_set(Some(ok));
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            open.set(false);
        }
    };
    // Focus the link once it is there, so Ctrl+C copies it at once.
    Effect::new(move |_| {
        if matches!(link.get(), LinkState::Ready(_)) {
            request_animation_frame(move || {
                if let Some(i) = input.get_untracked() {
                    let _ = i.focus();
                    i.select();
                }
            });
        }
    });

    let body = move || match link.get() {
        LinkState::Creating => view! { <p aria-live="polite">"Creating a link…"</p> }.into_any(),
        LinkState::Ready(l) => {
            let url = absolute(&l.url);
            view! {
                <p>"Anyone with this link can see this report, the rotation text and the settings — nothing else of yours."</p>
                <div class="field">
                <label for="share-url">"Share link"</label>
                <input
                    id="share-url"
                    class="share-url"
                    type="text"
                    readonly
                    data-testid="share-url"
                    node_ref=input
                    prop:value=url
                    on:focus=move |_| {
                        if let Some(i) = input.get_untracked() {
                            i.select();
                        }
                    }
                />
                </div>
                <div class="dialog-actions share-actions">
                    <button class="btn btn-primary" on:click=on_copy>
                        {move || if copied.get() == Some(true) { "Copied" } else { "Copy link" }}
                    </button>
                    <button class="btn btn-danger-outline" on:click=revoke>"Revoke"</button>
                </div>
                <Show when=move || copied.get() == Some(false)>
                    <p class="help" role="status">"The browser did not allow copying: the link is selected, press Ctrl+C (⌘C)."</p>
                </Show>
            }
            .into_any()
        }
        LinkState::Revoked => view! {
            <p role="status" data-testid="share-revoked">
                "Link revoked. Anyone opening it now sees “not found”."
            </p>
        }
        .into_any(),
        LinkState::Failed(why) => {
            view! { <p role="alert" class="field-error">{why}</p> }.into_any()
        }
    };

    view! {
        <ActionForm action=FormAction::Share id=id.get_value() on_submit=Callback::new(create)>
            <button type="submit" class="btn" data-testid="share-button">"Share"</button>
        </ActionForm>
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="dialog share-dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="share-title"
                    data-testid="share-dialog"
                    on:keydown=on_key
                    on:click=|ev| ev.stop_propagation()
                >
                    <h2 id="share-title">"Share this result"</h2>
                    {body}
                    <Show when=move || { others.get() > 0 }>
                        <p class="help share-others">
                            {move || {
                                let n = others.get();
                                format!("This result has {n} other live link{}.", if n == 1 { "" } else { "s" })
                            }}
                            " "
                            <button class="btn btn-small btn-danger-outline" on:click=revoke_all>"Revoke all links"</button>
                        </p>
                    </Show>
                    <div class="dialog-actions">
                        <button class="btn" on:click=move |_| open.set(false)>"Close"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
    .into_any()
}
