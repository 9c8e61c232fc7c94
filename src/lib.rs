//! Rotasim portal: Leptos pages shared by server rendering and hydration, plus the axum server
//! (`ssr`). Dependencies run one way (DESIGN §2, checked by `tests/layers.rs`):
//! `main → startup → server → api / server_fns → web → service → jobs → db, ratelimit → engine`,
//! with `settings`, `telemetry` and `model` below them all; the browser side is `app → ui →
//! server_fns (client stubs) → model`.

pub mod app;
pub mod model;
pub mod server_fns;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod ratelimit;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod telemetry;
#[cfg(feature = "ssr")]
pub mod web;

/// Browser entry point: hydrates the server-rendered page, loading its chunk first (every page is
/// a lazily loaded route, `ui/pages/lazy.rs`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    ui::chunks::install();
    leptos::mount::hydrate_lazy(app::App);
}
