//! A labelled number: the cards of the live statistics and of the report's overview.

use leptos::prelude::*;

/// A labelled number, with an optional line of detail under it.
#[component]
pub fn StatCard(
    /// What the number is.
    #[prop(into)]
    label: String,
    /// The number, formatted.
    #[prop(into)]
    value: String,
    /// A line under the number.
    #[prop(optional, into)]
    detail: Option<String>,
    /// Shown larger (the headline number).
    #[prop(optional)]
    big: bool,
) -> impl IntoView {
    view! {
        <div class="stat-card" class:stat-big=big>
            <span class="stat-label">{label}</span>
            <span class="stat-value">{value}</span>
            {detail.map(|d| view! { <span class="stat-detail">{d}</span> })}
        </div>
    }
}
