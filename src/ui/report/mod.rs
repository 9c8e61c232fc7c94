//! A completed simulation's report: the Overview, Abilities, Timeline, Buffs and Stat Weights
//! tabs, each in its own file, built from [`ReportData`]. Pages use this module; it never
//! imports a page.

mod abilities;
mod buffs;
mod data;
mod event_log;
mod overview;
mod stat_weights;
mod tabs;
mod timeline;

pub use data::ReportData;
pub use tabs::ReportTabs;
