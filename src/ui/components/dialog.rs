//! An accessible confirmation dialog: modal, focus kept inside, Esc closes, focus returns to
//! where it was.

use leptos::{html, prelude::*};

/// Asks before a destructive action.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
    /// Heading.
    #[prop(into)]
    title: String,
    /// Explanation.
    #[prop(into)]
    message: String,
    /// The button that keeps things as they are (focused first).
    #[prop(into)]
    keep_label: String,
    /// The button that goes ahead.
    #[prop(into)]
    confirm_label: String,
    /// Called when the user confirms.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let keep = NodeRef::<html::Button>::new();
    let confirm = NodeRef::<html::Button>::new();
    // The element that had focus before opening, to return to.
    #[cfg(feature = "hydrate")]
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let is_open = open.get();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if is_open {
                let active = document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(active);
                request_animation_frame(move || {
                    if let Some(b) = keep.get_untracked() {
                        let _ = b.focus();
                    }
                });
            } else if let Some(el) = opener.get_value() {
                let _ = el.focus();
                opener.set_value(None);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = is_open;
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            open.set(false);
        }
        "Tab" => {
            // Two buttons: Tab and Shift+Tab both move to the other one.
            ev.prevent_default();
            let on_keep = keep
                .get_untracked()
                .map(|k| {
                    let k: &leptos::web_sys::Element = &k;
                    document().active_element().as_ref() == Some(k)
                })
                .unwrap_or(false);
            let target = if on_keep { confirm } else { keep };
            if let Some(b) = target.get_untracked() {
                let _ = b.focus();
            }
        }
        _ => {}
    };
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="dialog"
                    role="alertdialog"
                    aria-modal="true"
                    aria-labelledby="dialog-title"
                    aria-describedby="dialog-message"
                    on:keydown=on_key
                    on:click=|ev| ev.stop_propagation()
                >
                    <h2 id="dialog-title">{title.clone()}</h2>
                    <p id="dialog-message">{message.clone()}</p>
                    <div class="dialog-actions">
                        <button class="btn" node_ref=keep on:click=move |_| open.set(false)>
                            {keep_label.clone()}
                        </button>
                        <button
                            class="btn btn-danger"
                            node_ref=confirm
                            on:click=move |_| {
                                open.set(false);
                                on_confirm.run(());
                            }
                        >
                            {confirm_label.clone()}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
