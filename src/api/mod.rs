//! HTTP endpoints outside Leptos' page routes.

pub mod error;
pub mod health;
pub mod rotations;
