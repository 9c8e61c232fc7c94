//! One module per route.

pub mod history;
pub mod home;
pub mod not_found;
pub mod results;
pub mod rotation_new;
pub mod simulate;
