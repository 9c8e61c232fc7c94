//! The report in accessible tabs: a tab list (arrow keys, Home and End move between the tabs)
//! and the active tab's panel.

use super::{
    abilities::Abilities, apl::AplTab, buffs::Buffs, event_log::SampleLog, overview::Overview,
    stat_weights::StatWeights, timeline::Timeline, ReportData,
};
use leptos::{html, prelude::*};
use std::sync::Arc;

/// The report's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Abilities,
    Apl,
    Timeline,
    Buffs,
    StatWeights,
}

impl Tab {
    fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Abilities => "Abilities",
            Tab::Apl => "APL",
            Tab::Timeline => "Timeline",
            Tab::Buffs => "Buffs",
            Tab::StatWeights => "Stat Weights",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Abilities => "abilities",
            Tab::Apl => "apl",
            Tab::Timeline => "timeline",
            Tab::Buffs => "buffs",
            Tab::StatWeights => "stat-weights",
        }
    }

    /// The id of the tab's button.
    fn tab_id(self) -> String {
        format!("tab-{}", self.slug())
    }

    /// The id of the tab's panel.
    fn panel_id(self) -> String {
        format!("panel-{}", self.slug())
    }
}

/// The report in accessible tabs (arrow keys, Home and End move between them).
#[component]
pub fn ReportTabs(report: Arc<ReportData>) -> impl IntoView {
    let mut tabs = vec![
        Tab::Overview,
        Tab::Abilities,
        Tab::Apl,
        Tab::Timeline,
        Tab::Buffs,
    ];
    if report.charts.stat_weights.is_some() {
        tabs.push(Tab::StatWeights);
    }
    let tabs = StoredValue::new(tabs);
    let active = RwSignal::new(Tab::Overview);
    // Kept here, not in the Timeline or APL tab, so that a sample fetched once stays while tabs
    // change.
    let log = RwSignal::new(SampleLog::of(&report));
    let refs: Vec<NodeRef<html::Button>> =
        tabs.with_value(|t| t.iter().map(|_| NodeRef::new()).collect());
    let refs = StoredValue::new(refs);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let list = tabs.get_value();
        let i = list
            .iter()
            .position(|t| *t == active.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % list.len(),
            "ArrowLeft" => (i + list.len() - 1) % list.len(),
            "Home" => 0,
            "End" => list.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        active.set(list[next]);
        if let Some(b) = refs.with_value(|r| r[next].get_untracked()) {
            let _ = b.focus();
        }
    };
    view! {
        <section class="report">
            <div class="tabs" role="tablist" aria-label="Report" on:keydown=on_key>
                {tabs
                    .get_value()
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let selected = move || active.get() == t;
                        view! {
                            <button
                                role="tab"
                                class="tab"
                                id=t.tab_id()
                                aria-controls=t.panel_id()
                                aria-selected=move || selected().to_string()
                                tabindex=move || if selected() { "0" } else { "-1" }
                                node_ref=refs.with_value(|r| r[i])
                                on:click=move |_| active.set(t)
                            >
                                {t.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                let t = active.get();
                let r = report.clone();
                let body = match t {
                    Tab::Overview => view! { <Overview report=r /> }.into_any(),
                    Tab::Abilities => view! { <Abilities report=r /> }.into_any(),
                    Tab::Apl => view! { <AplTab report=r log /> }.into_any(),
                    Tab::Timeline => view! { <Timeline report=r log /> }.into_any(),
                    Tab::Buffs => view! { <Buffs report=r /> }.into_any(),
                    Tab::StatWeights => view! { <StatWeights report=r /> }.into_any(),
                };
                view! {
                    <div
                        class="tab-panel"
                        role="tabpanel"
                        id=t.panel_id()
                        aria-labelledby=t.tab_id()
                        tabindex="0"
                    >
                        {body}
                    </div>
                }
            }}
        </section>
    }
}
