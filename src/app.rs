//! The HTML shell and the router.

use crate::{
    model::paths,
    ui::{
        components::toast::{provide_toasts, ToastRegion},
        layout::{Frame, Layout},
        pages::{
            lazy::{
                CancelRoute, CompareRoute, HistoryRoute, HomeRoute, NewRotationRoute, ResultsRoute,
                RotationRoute, RotationsRoute, ShareRoute, SimulateRoute,
            },
            not_found::NotFound,
        },
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="dark" />
                <link rel="icon" href=paths::FAVICON />
                // The stylesheet under its fingerprinted name (`hash.txt` beside the binary).
                <HashedStylesheet id="leptos" options=options.clone() />
                <AutoReload options=options.clone() />
                <script nonce=leptos::nonce::use_nonce()>{EARLY_HISTORY_SCRIPT}</script>
                <HydrationScripts options />
                <MetaTags />
                // Without JavaScript: controls that need it are hidden, and the menu is a plain
                // row of links (its toggle needs the app).
                <noscript>
                    <style nonce=leptos::nonce::use_nonce()>{NO_SCRIPT_STYLE}</style>
                </noscript>
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Back or Forward between two addresses of one document fires only `popstate`; until the app has
/// hydrated (its page chunk loads first) the router is not listening, and the old content would
/// stay under the new address, so the page loads that address afresh. It runs before any WASM
/// has loaded, hence a line of script in the head rather than Rust.
pub const EARLY_HISTORY_SCRIPT: &str = "addEventListener('popstate', function () { \
if (document.body.dataset.hydrated !== 'true') location.reload(); });";

/// The stylesheet added when scripts are off.
const NO_SCRIPT_STYLE: &str = ".js-only, .menu-toggle { display: none !important; } \
@media (max-width: 640px) { .header-inner { flex-wrap: wrap; } \
.site-nav { display: flex; position: static; flex-direction: row; flex-wrap: wrap; \
background: none; border: 0; padding: 0; margin-left: 0; } }";

/// The application: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_toasts();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "Rotasim".to_string() } else { format!("{t} · Rotasim") } />
        <Router>
            <Routes fallback=|| view! { <Frame><NotFound /></Frame> }>
                <ParentRoute path=path!("") view=Layout>
                    <Route path=path!("") view={Lazy::<HomeRoute>::new()} />
                    // Every page waits for its data and sends it whole (`Async`): the first
                    // response is the page, without JavaScript too (see the README).
                    <Route path=path!("simulate") view={Lazy::<SimulateRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("simulate/history") view={Lazy::<HistoryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("simulate/compare") view={Lazy::<CompareRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("simulate/results/:id") view={Lazy::<ResultsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("simulate/results/:id/cancel") view={Lazy::<CancelRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("rotations") view={Lazy::<RotationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("rotations/new") view={Lazy::<NewRotationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("rotations/:id") view={Lazy::<RotationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("s/:token") view={Lazy::<ShareRoute>::new()} ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
        <ToastRegion />
    }
}
