//! Unsaved changes are guarded: while a page says it has some, reloading or closing the tab
//! asks the browser's own question, and following a link inside the portal asks first.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
thread_local! {
    static UNSAVED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Guards the current page while `dirty` holds (until the page is left).
pub fn guard_unsaved(dirty: Signal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        install();
        Effect::new(move |_| {
            let d = dirty.get();
            UNSAVED.with(|u| u.set(d));
        });
        on_cleanup(|| UNSAVED.with(|u| u.set(false)));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = dirty;
}

/// The message of the in-app question.
#[cfg(feature = "hydrate")]
const LEAVE_QUESTION: &str = "You have unsaved changes. Leave this page without saving them?";

/// Registers the two listeners once for the life of the app: `beforeunload`, and a click
/// listener in the capture phase, so it runs before the router's own link handling.
#[cfg(feature = "hydrate")]
fn install() {
    use wasm_bindgen::{closure::Closure, JsCast};
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let unsaved = || UNSAVED.with(|u| u.get());
    let before_unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            if unsaved() {
                ev.prevent_default();
                ev.set_return_value("");
            }
        },
    );
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !unsaved() || ev.default_prevented() || ev.button() != 0 {
            return;
        }
        let anchor = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        let Some(anchor) = anchor else { return };
        if anchor.has_attribute("download") || anchor.get_attribute("target").is_some() {
            return;
        }
        if !window()
            .confirm_with_message(LEAVE_QUESTION)
            .unwrap_or(true)
        {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let w = window();
    let _ =
        w.add_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    // Registered for the life of the app.
    before_unload.forget();
    click.forget();
}
