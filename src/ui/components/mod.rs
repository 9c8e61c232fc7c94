//! Reusable pieces: toasts, the confirmation dialog, skeletons, charts, badges.

pub mod chart;
pub mod dialog;
pub mod skeleton;
pub mod status;
pub mod toast;
