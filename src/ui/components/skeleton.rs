//! Placeholders shown while an async region loads.

use leptos::prelude::*;

/// `lines` grey bars of text.
#[component]
pub fn SkeletonLines(#[prop(default = 3)] lines: usize) -> impl IntoView {
    view! {
        <div class="skeleton-lines" aria-hidden="true">
            {(0..lines).map(|i| view! { <div class="skeleton skeleton-line" style=format!("width: {}%", 92 - (i * 17) % 40)></div> }).collect_view()}
        </div>
    }
}

/// A block of `height` pixels.
#[component]
pub fn SkeletonBlock(#[prop(default = 160)] height: u32) -> impl IntoView {
    view! { <div class="skeleton skeleton-block" style=format!("height: {height}px") aria-hidden="true"></div> }
}

/// A loading announcement plus placeholder content.
#[component]
pub fn Loading(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true">
            <span class="sr-only" role="status">{label}</span>
            {children()}
        </div>
    }
}
