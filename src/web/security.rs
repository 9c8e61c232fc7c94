//! Security headers on every response, and the Content-Security-Policy of the pages.
//!
//! Each request gets a fresh nonce ([`security_headers`] puts it in the request's extensions);
//! the page render takes it as Leptos' [`Nonce`] ([`provide_request_nonce`]), so the inline
//! scripts Leptos writes (the hydration bootstrap, the resolved resources of an async page) carry
//! it, and the response's policy allows exactly those: no `'unsafe-inline'` for scripts and no
//! origin but the portal's own. WebAssembly needs `'wasm-unsafe-eval'` to be compiled at all; the
//! pages' `style="…"` attributes (progress bars, share bars) need `style-src-attr
//! 'unsafe-inline'`, which allows no script and no `<style>` element.

use axum::{
    extract::Request,
    http::{header, HeaderMap, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};
use leptos::nonce::Nonce;

/// What the security middleware needs to know of the deployment.
#[derive(Debug, Clone, Copy)]
pub struct SecurityConfig {
    /// The portal is served over HTTPS (the session cookie is `Secure`): send HSTS too.
    pub https: bool,
}

/// Browser features the portal never uses, switched off for it and anything it embeds.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// HSTS for HTTPS deployments: a year, this host only (a self-hoster's other subdomains are
/// theirs to decide).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The policy of an HTML page whose inline scripts and `<style>` elements carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; \
         style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; \
         font-src 'self'; \
         connect-src 'self'; \
         object-src 'none'; \
         base-uri 'none'; \
         form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The policy of everything that is not a page (JSON, files): nothing may run or load from it.
pub const NON_HTML_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The middleware: a nonce for the request, and the headers on its response.
pub async fn security_headers(
    axum::extract::State(config): axum::extract::State<SecurityConfig>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let policy = if is_html(headers) {
        content_security_policy(&nonce)
    } else {
        NON_HTML_POLICY.to_string()
    };
    set(headers, header::CONTENT_SECURITY_POLICY, &policy);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    if config.https {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            STRICT_TRANSPORT_SECURITY,
        );
    }
    res
}

/// Gives the page being rendered the nonce of its request (call it in the render's context,
/// after Leptos' own; without the middleware in front, Leptos' own nonce stays).
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(nonce);
    }
}

/// Whether the response is an HTML document.
fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"))
}

/// Sets `name` unless the handler set it itself.
fn set(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    if headers.contains_key(&name) {
        return;
    }
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(name, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_scripts_only_from_the_portal_and_with_the_nonce() {
        let p = content_security_policy("abc");
        let script = p
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .unwrap();
        assert_eq!(script, "script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'");
        let inline: Vec<&str> = p
            .split(';')
            .map(str::trim)
            .filter(|d| d.contains("'unsafe-inline'"))
            .collect();
        assert_eq!(inline, ["style-src-attr 'unsafe-inline'"]);
        assert!(!p.contains("http"), "no third-party origin: {p}");
        assert!(p.contains("frame-ancestors 'none'"));
    }
}
