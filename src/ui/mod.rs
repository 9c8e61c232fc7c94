//! Pages and components, shared by server rendering and hydration.

pub mod layout;
pub mod pages;
