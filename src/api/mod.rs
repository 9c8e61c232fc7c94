//! HTTP endpoints outside Leptos' page routes.

pub mod caller;
pub mod error;
pub mod health;
pub mod rotations;
pub mod simulations;
pub mod stream;
