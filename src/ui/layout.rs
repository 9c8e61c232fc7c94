//! The frame every page sits in: header with navigation, main area, footer.

use crate::model::paths;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// Route view: the frame around the matched child route.
#[component]
pub fn Layout() -> impl IntoView {
    view! { <Frame><Outlet /></Frame> }
}

/// The frame around `children`.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    // The menu (a phone's) closes when a page is chosen in it (or the brand)…
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let on_link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a").ok().flatten())
                .is_some();
            if on_link {
                set_menu_open.set(false);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    // …on Back and Forward…
    #[cfg(feature = "hydrate")]
    {
        let back = window_event_listener(leptos::ev::popstate, move |_| set_menu_open.set(false));
        on_cleanup(move || back.remove());
    }
    // …and on Escape, giving the focus back to its button.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            set_menu_open.set(false);
            if let Some(button) = toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    // Effects only run in the browser: marks the document once the WASM app is live.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        // The page's content takes the focus (not just the scroll position), so the next Tab
        // goes on from there.
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="site-header" on:keydown=on_keydown on:click=on_click>
            <div class="header-inner">
                <A href=paths::HOME attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    " Rotasim"
                </A>
                <button
                    node_ref=toggle
                    class="menu-toggle"
                    aria-controls="site-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| set_menu_open.update(|o| *o = !*o)
                >
                    <span class="sr-only">"Menu"</span>
                    <span aria-hidden="true">"☰"</span>
                </button>
                <nav
                    id="site-nav"
                    class="site-nav"
                    class:open=move || menu_open.get()
                    aria-label="Main"
                >
                    <A href=paths::SIMULATE exact=true>"Simulate"</A>
                    <A href=paths::ROTATIONS>"Rotations"</A>
                    <A href=paths::HISTORY>"History"</A>
                </nav>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <span>"Rotasim — Monte-Carlo combat simulation you can host yourself."</span>
        </footer>
    }
}

/// "Skip to content": focuses `<main>` (without the app the browser does it: `main` has
/// `tabindex="-1"`).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(main) = document()
            .get_element_by_id("main")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            ev.prevent_default();
            let _ = main.focus();
            main.scroll_into_view();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
