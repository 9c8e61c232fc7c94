//! How long a browser may keep what the portal sends (`Cache-Control`), decided once for every
//! response a handler did not decide for itself:
//! - fingerprinted files (cargo-leptos `hash-files`: `rotasim.<md5>.wasm`, `.js`, `.css`) never
//!   change under their name: kept a year without asking again;
//! - other files (`/favicon.ico`, `/echarts.min.js`) carry `Last-Modified` from the file server
//!   and are revalidated on every use (a `304` when unchanged);
//! - pages are revalidated on every visit and kept by no shared cache (they show one player's
//!   data, and each carries its own CSP nonce);
//! - API answers are not stored at all.

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};

/// A fingerprinted file: a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A file without a fingerprint: revalidated (by `Last-Modified`) on every use.
pub const REVALIDATE: &str = "no-cache";
/// A page.
pub const PAGE: &str = "private, no-cache";
/// An API answer.
pub const NO_STORE: &str = "no-store";

/// Length of cargo-leptos' fingerprint: an MD5 in unpadded base64url.
const FINGERPRINT_LEN: usize = 22;

/// The middleware.
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if is_api(&path) {
        NO_STORE
    } else if html {
        PAGE
    } else if !res.status().is_success() && res.status() != StatusCode::NOT_MODIFIED {
        NO_STORE
    } else if is_fingerprinted(&path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // A file may be sent as its `.br`/`.gz` twin: a cache keeps one copy per encoding.
    if matches!(policy, IMMUTABLE | REVALIDATE) && !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// Paths whose answers are data of the moment.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// Whether the last segment of `path` is `name.<fingerprint>.ext`, as cargo-leptos names the
/// files it hashes.
pub fn is_fingerprinted(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let mut parts = file.rsplit('.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && hash.len() == FINGERPRINT_LEN
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::is_fingerprinted;

    #[test]
    fn only_cargo_leptos_fingerprints_count() {
        assert!(is_fingerprinted("/pkg/rotasim.Xk3_9aQ-bc1ZzY7uvw0aBC.wasm"));
        assert!(is_fingerprinted("/pkg/rotasim.Xk3_9aQ-bc1ZzY7uvw0aBC.css"));
        assert!(!is_fingerprinted("/pkg/rotasim.wasm"));
        assert!(!is_fingerprinted("/echarts.min.js"));
        assert!(!is_fingerprinted("/pkg/rotasim.Xk3_9aQ-bc1ZzY7uvw0aB.wasm"));
        assert!(!is_fingerprinted(
            "/pkg/rotasim.Xk3_9aQ-bc1ZzY7uvw0a/C.wasm"
        ));
        assert!(!is_fingerprinted("/pkg/.Xk3_9aQ-bc1ZzY7uvw0aBC.wasm"));
    }
}
