//! REST and SSE handlers outside Leptos' page routes: thin adapters over [`crate::service`].

pub mod apl;
pub mod characters;
pub mod docs;
pub mod health;
pub mod metrics;
pub mod openapi;
pub mod rotations;
pub mod shares;
pub mod simulations;
pub mod specs;
pub mod stream;
pub mod stream_limits;
pub mod unknown;
