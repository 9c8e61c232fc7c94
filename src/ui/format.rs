//! Number, time, text and error formatting shared by the pages.

use crate::model::ErrorCode;

/// `12345.6` → `"12,346"`.
pub fn thousands(n: f64) -> String {
    if !n.is_finite() {
        return "—".into();
    }
    let rounded = n.round() as i64;
    let digits = rounded.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A fight style's display name (`hectic_add_cleave` → "Hectic add cleave"); an unknown name
/// as it is.
pub fn fight(name: &str) -> String {
    rotasim_engine::FightKind::parse(name)
        .map(|f| f.label().to_string())
        .unwrap_or_else(|| name.to_string())
}

/// A setting as a player types it, at most three decimals: `0.015` → `"0.015"`, `120.0` → `"120"`.
pub fn num(n: f64) -> String {
    if !n.is_finite() {
        return "—".into();
    }
    let rounded = (n * 1000.0).round() / 1000.0;
    format!("{}", rounded + 0.0)
}

/// A percentage with `digits` decimals: `12.345` → `"12.3%"`.
pub fn pct(n: f64, digits: usize) -> String {
    format!("{n:.digits$}%")
}

/// The first letter in upper case: `"mana"` → `"Mana"`.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Seconds as `m:ss`.
pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Seconds since the Unix epoch of an RFC 3339 UTC timestamp (`2026-11-22T09:00:00.123Z`).
pub fn parse_rfc3339(ts: &str) -> Option<f64> {
    let b = ts.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| ts.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let frac = ts
        .get(19..)
        .and_then(|r| r.strip_prefix('.'))
        .map(|r| r.trim_end_matches('Z'))
        .and_then(|r| format!("0.{r}").parse::<f64>().ok())
        .unwrap_or(0.0);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + hh * 3600 + mm * 60 + ss) as f64 + frac)
}

/// Now, in seconds since the Unix epoch (the browser's clock in the browser).
pub fn now_secs() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() / 1000.0
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0)
    }
}

/// "just now", "5 minutes ago", "yesterday", "3 days ago", or the date.
pub fn relative(ts: &str, now: f64) -> String {
    let Some(t) = parse_rfc3339(ts) else {
        return ts.to_string();
    };
    let ago = (now - t).max(0.0);
    let plural = |n: f64, unit: &str| {
        let n = n.floor() as u64;
        format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
    };
    match ago {
        a if a < 45.0 => "just now".into(),
        a if a < 3600.0 => plural((a / 60.0).max(1.0), "minute"),
        a if a < 86_400.0 => plural(a / 3600.0, "hour"),
        a if a < 2.0 * 86_400.0 => "yesterday".into(),
        a if a < 30.0 * 86_400.0 => plural(a / 86_400.0, "day"),
        _ => ts.get(..10).unwrap_or(ts).to_string(),
    }
}

/// The API's JSON error body `{error, code, fields?, retryAfter?}` a server function error carries.
fn error_body(e: &leptos::prelude::ServerFnError) -> Option<serde_json::Value> {
    let text = e.to_string();
    let json = text.find('{').map_or(text.as_str(), |i| &text[i..]);
    serde_json::from_str(json).ok()
}

/// The human message of a server function error (the API's `{error, code, fields}` JSON).
pub fn error_message(e: &leptos::prelude::ServerFnError) -> String {
    error_body(e)
        .and_then(|v| v["error"].as_str().map(str::to_string))
        .unwrap_or_else(|| e.to_string())
}

/// The machine-readable `code` of a server function error, if it carries a known one.
pub fn error_code(e: &leptos::prelude::ServerFnError) -> Option<ErrorCode> {
    error_body(e).and_then(|v| v["code"].as_str().and_then(ErrorCode::parse))
}

/// The toast title of a refused submission: the rate limit has its own, else `fallback`.
pub fn submit_error_title(
    e: &leptos::prelude::ServerFnError,
    fallback: &'static str,
) -> &'static str {
    match error_code(e) {
        Some(ErrorCode::RateLimited) => "Rate limit reached",
        _ => fallback,
    }
}

/// The per-field messages of a server function error, if it carries them.
pub fn error_fields(
    e: &leptos::prelude::ServerFnError,
) -> std::collections::BTreeMap<String, String> {
    error_body(e)
        .and_then(|mut v| serde_json::from_value(v["fields"].take()).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_times() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.5), "1,000");
        assert_eq!(thousands(-12345.0), "-12,345");
        assert_eq!(clock(300.0), "5:00");
        assert_eq!(capitalize("mana"), "Mana");
        assert_eq!(capitalize(""), "");
        assert_eq!(
            (num(0.015), num(120.0), num(0.3333), num(-0.0)),
            ("0.015".into(), "120".into(), "0.333".into(), "0".into())
        );
        assert_eq!(parse_rfc3339("1970-01-02T00:00:01.500Z"), Some(86_401.5));
        assert_eq!(
            parse_rfc3339("2026-11-22T09:00:00.123456Z").map(|t| t.floor()),
            Some(1_795_338_000.0)
        );
        let t = parse_rfc3339("2026-11-22T09:00:00Z").unwrap();
        assert_eq!(relative("2026-11-22T09:00:00Z", t + 10.0), "just now");
        assert_eq!(relative("2026-11-22T09:00:00Z", t + 300.0), "5 minutes ago");
        assert_eq!(relative("2026-11-22T09:00:00Z", t + 3700.0), "1 hour ago");
        assert_eq!(relative("2026-11-22T09:00:00Z", t + 90_000.0), "yesterday");
        assert_eq!(
            relative("2026-11-22T09:00:00Z", t + 400_000.0),
            "4 days ago"
        );
        assert_eq!(relative("2026-11-22T09:00:00Z", t + 9e6), "2026-11-22");
    }

    #[test]
    fn server_errors_are_read_from_their_json_body() {
        let e = leptos::prelude::ServerFnError::new(
            r#"{"error":"rate limit exceeded: at most 2 simulations per 60 s; try again in 41 s","code":"RATE_LIMITED","retryAfter":41}"#,
        );
        assert_eq!(error_code(&e), Some(ErrorCode::RateLimited));
        assert_eq!(submit_error_title(&e, "Failed"), "Rate limit reached");
        assert!(error_message(&e).ends_with("try again in 41 s"));
        let other =
            leptos::prelude::ServerFnError::new(r#"{"error":"queue full","code":"UNAVAILABLE"}"#);
        assert_eq!(submit_error_title(&other, "Failed"), "Failed");
    }
}
