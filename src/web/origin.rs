//! Whether a state-changing request comes from the portal's own pages. A browser posting a
//! plain HTML form sends `Sec-Fetch-Site` (and `Origin`), so a form on another site cannot
//! start or cancel jobs in a player's name.

use axum::http::{header, HeaderMap};

/// True when the request was sent by a page of this origin (or by no page at all: a script
/// without `Origin` or `Sec-Fetch-Site`); false for another site's page and for `Origin: null`.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = get(header::ORIGIN.as_str()) else {
        return true; // not a browser's cross-site request
    };
    // Behind a proxy the browser's host is the forwarded one.
    let host = get("x-forwarded-host")
        .and_then(|h| h.split(',').next())
        .or_else(|| get(header::HOST.as_str()))
        .map(str::trim);
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    match (origin_host, host) {
        (Some(o), Some(h)) => o.eq_ignore_ascii_case(h),
        _ => false, // `Origin: null` and the like
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_the_portals_own_pages_pass() {
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(same_origin(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!same_origin(&headers(&[("origin", "null"), ("host", "a")])));
        assert!(same_origin(&headers(&[])), "curl and scripts");
    }
}
