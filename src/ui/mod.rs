//! Pages and components, shared by server rendering and hydration.

pub mod components;
pub mod format;
pub mod layout;
#[cfg(feature = "hydrate")]
pub mod live;
pub mod pages;
