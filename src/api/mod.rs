//! HTTP endpoints outside Leptos' page routes.

pub mod health;
