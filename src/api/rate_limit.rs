//! Rate-limit response headers: the de-facto `X-RateLimit-*` trio, the IETF draft's
//! `RateLimit-Policy` / `RateLimit` pair, and `Retry-After` on 429.

use crate::ratelimit::Decision;
use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// The policy's name in the IETF fields.
const POLICY: &str = "submissions";

/// Adds the headers describing `d` to `headers`:
/// - `X-RateLimit-Limit` (per window), `X-RateLimit-Remaining`, `X-RateLimit-Reset` (Unix
///   seconds when the oldest counted submission leaves the window, freeing a slot);
/// - `RateLimit-Policy: "submissions";q=LIMIT;w=WINDOW` and
///   `RateLimit: "submissions";r=REMAINING;t=SECONDS_UNTIL_A_SLOT_FREES`;
/// - `Retry-After` (seconds) when the request was refused.
pub fn apply(headers: &mut HeaderMap, d: &Decision) {
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    };
    put("x-ratelimit-limit", d.limit.to_string());
    put("x-ratelimit-remaining", d.remaining.to_string());
    put("x-ratelimit-reset", d.reset_at_secs().to_string());
    put(
        "ratelimit-policy",
        format!("\"{POLICY}\";q={};w={}", d.limit, d.window.as_secs()),
    );
    put(
        "ratelimit",
        format!("\"{POLICY}\";r={};t={}", d.remaining, d.reset_after_secs()),
    );
    if !d.allowed {
        put("retry-after", d.reset_after_secs().to_string());
    }
}
