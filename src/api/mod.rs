//! HTTP endpoints outside Leptos' page routes.

pub mod caller;
pub mod client_ip;
pub mod error;
pub mod health;
pub mod metrics;
pub mod rate_limit;
pub mod rotations;
pub mod simulations;
pub mod stream;
