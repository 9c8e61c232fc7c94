//! One module per route.

pub mod compare;
pub mod history;
pub mod home;
pub mod lazy;
pub mod not_found;
pub mod results;
pub mod rotations;
pub mod share;
pub mod simulate;
