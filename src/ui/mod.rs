//! Pages and components, shared by server rendering and hydration. Dependencies run one way:
//! `pages` → `report` → `components`, with `format` and `live` usable from any of them.

#[cfg(feature = "hydrate")]
pub mod chunks;
pub mod components;
pub mod format;
pub mod layout;
#[cfg(feature = "hydrate")]
pub mod live;
pub mod pages;
pub mod report;
