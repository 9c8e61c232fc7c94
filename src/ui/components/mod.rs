//! Reusable pieces, knowing nothing of the pages: toasts, the confirmation dialog, skeletons,
//! charts, stat cards, form fields, status badges, one-button forms, the rotation (APL) editor.

pub mod action_form;
pub mod apl_editor;
pub mod chart;
pub mod dialog;
pub mod field;
pub mod http_status;
pub mod skeleton;
pub mod stat_card;
pub mod status;
pub mod toast;
