//! A completed simulation's report: the Overview, Abilities, APL (with the sample sequence),
//! Timeline, Buffs and Stat Weights tabs, each in its own file, built from [`ReportData`]. Pages use this module; it never
//! imports a page.

mod abilities;
mod apl;
mod buffs;
mod data;
mod event_log;
mod overview;
mod sequence;
mod stat_weights;
mod tabs;
mod timeline;

pub use data::{ReportData, Sample};
pub use tabs::ReportTabs;
