//! The job status badge.

use crate::model::JobStatus;
use leptos::prelude::*;

/// A coloured badge with the status word.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<JobStatus>) -> impl IntoView {
    view! {
        <span
            class=move || format!("badge badge-{}", status.get().as_str())
            data-testid="status-badge"
        >
            {move || status.get().as_str()}
        </span>
    }
}
