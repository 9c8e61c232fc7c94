//! `/s/:token`: a shared result, read-only and for anyone (no session): the report in its
//! tabs, the rotation as simulated and the settings, with Open Graph and Twitter meta in the
//! first response so chat apps preview the link. Nothing on it links to the owner's pages.
//! An unknown or revoked link is a 404 page.

use super::results::{
    batch::FinalBatch,
    ran_with::{RanWith, RanWithData},
};
use crate::{
    model::{paths, SharedResult},
    server_fns::get_shared_result,
    ui::{
        components::{
            http_status::NotFoundStatus,
            skeleton::{Loading, SkeletonBlock, SkeletonLines},
        },
        format,
        report::{ReportData, ReportTabs},
    },
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};
use std::sync::Arc;

/// The shared result page.
#[component]
pub fn SharePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let shared = Resource::new(token, get_shared_result);
    view! {
        // Shared links are unlisted, and the token must not leak through the Referer header.
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <Suspense fallback=|| view! {
            <Loading label="Loading the shared result…">
                <SkeletonLines lines=2 />
                <SkeletonBlock height=280 />
            </Loading>
        }>
            {move || Suspend::new(async move {
                match shared.await {
                    Ok(s) => view! { <SharedView shared=s /> }.into_any(),
                    Err(_) => view! { <LinkNotFound /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A link that opens nothing (unknown, revoked, malformed): 404.
#[component]
fn LinkNotFound() -> impl IntoView {
    view! {
        <Title text="Link not found" />
        <NotFoundStatus />
        <section class="not-found" data-testid="share-not-found">
            <p class="big-number">"404"</p>
            <h1>"Shared result not found"</h1>
            <p class="muted">"This link is unknown, or its owner has revoked it."</p>
            <A href=paths::HOME attr:class="btn btn-primary">"Go to Rotasim"</A>
        </section>
    }
}

/// "Fire Mage — My APL: 76,866 DPS".
fn og_title(s: &SharedResult) -> String {
    format!(
        "{}: {} DPS",
        s.heading(),
        format::thousands(s.report.stats.mean_dps)
    )
}

/// Fight, length, iterations and the mean with its error.
fn og_description(s: &SharedResult) -> String {
    let st = &s.report.stats;
    format!(
        "{} fight, {} s, {} iterations: {} ± {} DPS (95 % error {}). Simulated with Rotasim.",
        s.fight_label(),
        s.duration,
        format::thousands(st.iterations as f64),
        format::thousands(st.mean_dps),
        format::thousands(st.error),
        format::pct(st.error_pct, 2),
    )
}

/// The page's absolute URL for `og:url`: the request's host on the server (the scheme a proxy
/// forwarded, else http), the address bar in the browser.
fn page_url(path: &str) -> String {
    #[cfg(feature = "ssr")]
    let origin = use_context::<http::request::Parts>()
        .and_then(|p| {
            let h = &p.headers;
            let host = h.get(http::header::HOST)?.to_str().ok()?.to_string();
            let proto = h
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("http")
                .to_string();
            Some(format!("{proto}://{host}"))
        })
        .unwrap_or_default();
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    let origin = window().location().origin().unwrap_or_default();
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let origin = String::new();
    format!("{origin}{path}")
}

/// A loaded shared result.
#[component]
fn SharedView(shared: SharedResult) -> impl IntoView {
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let title = og_title(&shared);
    let description = og_description(&shared);
    let url = page_url(&paths::share_page(&token));
    let url_shown = url.clone();
    let just_made = use_query_map().with_untracked(|q| q.get("new").is_some());
    let heading = shared.heading();
    let st = &shared.report.stats;
    let subtitle = format!(
        "{} · {} s · {} iterations{}",
        format::fight(&shared.fight_type),
        shared.duration,
        format::thousands(shared.iterations as f64),
        shared
            .completed_at
            .as_deref()
            .and_then(|t| t.get(..10))
            .map(|d| format!(" · simulated {d}"))
            .unwrap_or_default(),
    );
    let headline = format!(
        "{} DPS ± {}",
        format::thousands(st.mean_dps),
        format::thousands(st.error)
    );
    let report = Arc::new(ReportData::shared(
        &shared.fight_type,
        shared.report.clone(),
    ));
    let ran_with = RanWithData::shared(shared.snapshot.clone());
    let batch = shared.batch.clone().map(Arc::new);
    let single = batch.is_none();
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Rotasim" />
        <Meta property="og:title" content=title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:url" content=url />
        <Meta name="twitter:card" content="summary" />
        <Meta name="twitter:title" content=title />
        <Meta name="twitter:description" content=description />
        <div class="page-head results-head">
            <div>
                <p class="eyebrow">"Shared result · read-only"</p>
                <h1>{heading}</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <p class="share-headline" data-testid="share-dps">{headline}</p>
        </div>
        // Arrived from "Share" without JavaScript: this page's address is the new link.
        {just_made.then(|| view! {
            <div class="card share-made" role="status" data-testid="share-made">
                <p>"Your new share link is this page's address. Copy it from the address bar: anyone with it can read this result, and you can revoke it from the result's page."</p>
                <input class="share-url" type="text" readonly=true value=url_shown aria-label="Share link" />
            </div>
        })}
        {batch.map(|b| view! { <FinalBatch batch=b /> })}
        <ReportTabs report />
        <div class="share-details">
            <Settings shared=shared.clone() />
            // A batch shows each variant's rotation in its ranking.
            {single.then(|| view! { <RanWith data=ran_with /> })}
        </div>
        <p class="help share-foot">
            "Made with Rotasim. "
            <A href=paths::SIMULATE>"Run your own simulation"</A>
        </p>
    }
    .into_any()
}

/// The fight and the character as simulated.
#[component]
fn Settings(shared: SharedResult) -> impl IntoView {
    let snapshot = shared.snapshot.as_ref();
    let targets = shared.report.targets;
    let fight = format!(
        "{} · {} target{}",
        format::fight(&shared.fight_type),
        targets,
        if targets == 1 { "" } else { "s" }
    );
    let iterations = match snapshot.and_then(|s| s.target_error) {
        Some(e) => format!(
            "{} (up to {}, stopping at {} error)",
            format::thousands(shared.report.stats.iterations as f64),
            format::thousands(shared.iterations as f64),
            format::pct(e, 2)
        ),
        None => format::thousands(shared.iterations as f64),
    };
    let weights = if snapshot.is_some_and(|s| s.stat_weights) {
        "computed"
    } else {
        "not computed"
    };
    let character = shared.character.as_ref().map(|c| {
        let items = [
            ("Primary", c.primary),
            ("Crit", c.crit),
            ("Haste", c.haste),
            ("Mastery", c.mastery),
            ("Versatility", c.versatility),
        ];
        let source = if shared.character_is_default {
            " (spec defaults)"
        } else {
            ""
        };
        let gear = (!c.gear.is_empty()).then(|| format!(" · {} gear items", c.gear.len()));
        format!(
            "{}{}{source}",
            items
                .iter()
                .map(|(k, v)| format!("{k} {}", format::thousands(*v)))
                .collect::<Vec<_>>()
                .join(" · "),
            gear.unwrap_or_default()
        )
    });
    view! {
        <section class="card" aria-labelledby="share-settings-title" data-testid="share-settings">
            <h2 id="share-settings-title">"Settings"</h2>
            <dl class="settings-list">
                <dt>"Fight"</dt><dd>{fight}</dd>
                <dt>"Duration"</dt><dd>{format!("{} s (mean fight {})", shared.duration, format::clock(shared.report.stats.duration))}</dd>
                <dt>"Iterations"</dt><dd>{iterations}</dd>
                <dt>"Stat weights"</dt><dd>{weights}</dd>
                <dt>"Character"</dt><dd>{character.unwrap_or_else(|| "—".into())}</dd>
            </dl>
        </section>
    }
    .into_any()
}
