//! Every URL the pages and the API build, defined once.

/// The landing page.
pub const HOME: &str = "/";
/// The quick-sim form.
pub const SIMULATE: &str = "/simulate";
/// The caller's history.
pub const HISTORY: &str = "/simulate/history";
/// Results side by side (`?ids=ID,ID[,…]`).
pub const COMPARE: &str = "/simulate/compare";
/// The rotation library.
pub const ROTATIONS: &str = "/rotations";
/// A new rotation.
pub const NEW_ROTATION: &str = "/rotations/new";
/// `POST` to submit, `GET` for the history (`?limit=&cursor=`).
pub const API_SIMULATIONS: &str = "/api/simulations";
/// The catalogue of rotations.
pub const API_ROTATIONS: &str = "/api/rotations";
/// Check a rotation's text against a spec (`POST {specId, apl}`).
pub const API_APL_CHECK: &str = "/api/apl/check";
/// The catalogue of specs.
pub const API_SPECS: &str = "/api/specs";

/// What a spec offers a rotation: its spells, buffs, resources and expression names.
pub fn vocabulary(spec_id: &str) -> String {
    format!("{API_SPECS}/{spec_id}/vocabulary")
}

/// A rotation's page (its editor, or the read-only view of a built-in).
pub fn rotation_page(id: &str) -> String {
    format!("{ROTATIONS}/{id}")
}

/// The quick-sim form with `rotation_id` chosen.
pub fn simulate_rotation(rotation_id: &str) -> String {
    format!("{SIMULATE}?rotationId={rotation_id}")
}

/// A job's results page.
pub fn result_page(job_id: &str) -> String {
    format!("/simulate/results/{job_id}")
}

/// A job's cancel confirmation (`GET`, a page) and the cancel it confirms (`POST`, a form:
/// redirects to the job's page).
pub fn cancel_page(job_id: &str) -> String {
    format!("{}/cancel", result_page(job_id))
}

/// A job's status and result (`GET`), cancel (`DELETE`).
pub fn api_simulation(job_id: &str) -> String {
    format!("{API_SIMULATIONS}/{job_id}")
}

/// A job's Server-Sent Events stream.
pub fn stream(job_id: &str) -> String {
    format!("{API_SIMULATIONS}/{job_id}/stream")
}

/// Retry a failed or cancelled job (`POST`).
pub fn retry(job_id: &str) -> String {
    format!("{API_SIMULATIONS}/{job_id}/retry")
}

/// A completed job's report as a download; `format` is `json` or `csv`.
pub fn export(job_id: &str, format: &str) -> String {
    format!("{API_SIMULATIONS}/{job_id}/export?format={format}")
}

/// Create a share link of a completed job (`POST`).
pub fn share(job_id: &str) -> String {
    format!("{API_SIMULATIONS}/{job_id}/share")
}

/// A shared result's read-only page.
pub fn share_page(token: &str) -> String {
    format!("/s/{token}")
}

/// A shared result as JSON (`GET`), revoke the link (`DELETE`).
pub fn api_share(token: &str) -> String {
    format!("/api/shares/{token}")
}

/// The comparison page of `ids` (the first is the baseline).
pub fn compare<S: AsRef<str>>(ids: &[S]) -> String {
    let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    format!("{COMPARE}?ids={}", ids.join(","))
}

/// The history with `filter` applied (kept in the URL so it can be bookmarked).
pub fn history(filter: &super::HistoryFilter) -> String {
    match filter.query() {
        q if q.is_empty() => HISTORY.to_string(),
        q => format!("{HISTORY}?{q}"),
    }
}

/// The history with `filter` on the page after the ones whose cursors are `pages` (oldest
/// first; none: the first page). Every page has its own address: Back, reload and bookmarks
/// keep it.
pub fn history_page<S: AsRef<str>>(filter: &super::HistoryFilter, pages: &[S]) -> String {
    let base = history(filter);
    if pages.is_empty() {
        return base;
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    let cursors: Vec<&str> = pages.iter().map(AsRef::as_ref).collect();
    format!(
        "{base}{sep}pages={}",
        super::encode_query_value(&cursors.join("."))
    )
}

/// The site icon (served from `public/`).
pub const FAVICON: &str = "/favicon.ico";
/// ECharts, which the report's charts draw with (served from `public/`, loaded by the first
/// chart a page draws).
pub const ECHARTS_SCRIPT: &str = "/echarts.min.js";
