//! Recovery from a page chunk that cannot be loaded. Each page's code is a WASM chunk under a
//! fingerprinted name (`cargo leptos build --split`); a tab opened before a deployment asks for
//! the old names, and the loader panics when one is gone, which would leave a dead page. The
//! hook below turns that panic into a full load of the address the player was going to (the
//! router only moves the location bar once the page's chunk is in, so the last link clicked is
//! remembered): the server renders it, with the new names. If the same address fails again
//! within half a minute (the chunk is really unreachable), the page is left as the server
//! rendered it, which works without the app (every page does), rather than reloading in a loop:
//! from then on clicks and form submissions are kept from the stopped app and do what they do
//! without JavaScript.
//!
//! (A Back or Forward before the app has hydrated is handled by a script in the page's head,
//! `app::EARLY_HISTORY_SCRIPT`: it must listen before any WASM has loaded.)

use std::cell::RefCell;
use wasm_bindgen::{closure::Closure, JsCast};

/// The session-storage key remembering the last reload: `<epoch ms> <address>`.
const LAST_RELOAD: &str = "rotasim-chunk-reload";

/// How long a reload of the same address counts as the same failure.
const LOOP_WINDOW_MS: f64 = 30_000.0;

/// How recent a link click must be to be the navigation that failed.
const CLICK_WINDOW_MS: f64 = 10_000.0;

/// What the split loader's panic says when a chunk could not be fetched or instantiated.
const LOAD_FAILED: [&str; 2] = [
    "failed to load split module",
    "load callback should succeed",
];

thread_local! {
    /// Set when the app gave up on a chunk: the page is the server's, without the app.
    static STOPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The last same-origin link the player clicked: when, and its absolute address.
    static LAST_CLICK: RefCell<Option<(f64, String)>> = const { RefCell::new(None) };
}

/// Installs the panic hook (the panic is logged to the console as before, and a failed chunk
/// load loads the page afresh) and the click listener that remembers where a link leads.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = info.to_string();
        if LOAD_FAILED.iter().any(|m| message.contains(m)) {
            load_afresh();
        }
    }));
    watch_clicks_and_submits();
}

/// Records the address of every link clicked, before the router handles the click; once the app
/// has stopped, keeps clicks and submissions from it.
fn watch_clicks_and_submits() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        if STOPPED.with(|s| s.get()) {
            event.stop_propagation();
        }
    });
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
        if STOPPED.with(|s| s.get()) {
            event.stop_propagation();
            return;
        }
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(link) = link {
            let at = js_sys::Date::now();
            LAST_CLICK.with(|c| *c.borrow_mut() = Some((at, link.href())));
        }
    });
    // Capture phase on the document: seen before the router's and the forms' own listeners, for
    // the page's whole life.
    for (kind, listener) in [
        ("click", on_click.as_ref().unchecked_ref()),
        ("submit", on_submit.as_ref().unchecked_ref()),
    ] {
        let _ = document.add_event_listener_with_callback_and_bool(kind, listener, true);
    }
    on_click.forget();
    on_submit.forget();
}

/// Loads the address the player was going to (or this one) from the server, unless that
/// address was loaded for a failed chunk moments ago.
fn load_afresh() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let now = js_sys::Date::now();
    let clicked = LAST_CLICK.with(|c| c.borrow_mut().take());
    let target = match clicked {
        Some((at, href)) if now - at < CLICK_WINDOW_MS => href,
        _ => location.href().unwrap_or_default(),
    };
    if let Ok(Some(storage)) = window.session_storage() {
        let previous = storage
            .get_item(LAST_RELOAD)
            .ok()
            .flatten()
            .unwrap_or_default();
        if let Some((at, address)) = previous.split_once(' ') {
            let recent = at.parse::<f64>().is_ok_and(|t| now - t < LOOP_WINDOW_MS);
            if recent && address == target {
                STOPPED.with(|s| s.set(true));
                return;
            }
        }
        let _ = storage.set_item(LAST_RELOAD, &format!("{now} {target}"));
    }
    let _ = location.assign(&target);
}
