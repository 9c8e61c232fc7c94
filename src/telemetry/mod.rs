//! Logs (tracing set-up, the per-request span) and metrics.

pub mod metrics;

use axum::{
    body::Body,
    extract::MatchedPath,
    http::{Request, Response},
    middleware::Next,
};
use std::time::Instant;
use tracing::Span;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, coloured when the output is a terminal.
    #[default]
    Pretty,
    /// One JSON object per line.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pretty" => Ok(Self::Pretty),
            "json" => Ok(Self::Json),
            other => Err(format!("expected 'pretty' or 'json', got '{other}'")),
        }
    }
}

/// Installs the global subscriber: `RUST_LOG` filter (default `info`), pretty or JSON lines.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true),
            )
            .try_init(),
        LogFormat::Pretty => registry
            .with(
                fmt::layer()
                    .compact()
                    .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout())),
            )
            .try_init(),
    };
    // A subscriber may already be installed (tests); that is fine.
    let _ = result;
}

/// The route template a request matched, written `/api/simulations/:id` (braces inside label
/// values trip up some Prometheus tooling), or `fallback` (static files, unknown paths): what
/// logs and metrics name, so ids and tokens in paths never reach them.
pub fn route_of<B>(req: &Request<B>) -> String {
    req.extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().replace('{', ":").replace('}', ""))
        .unwrap_or_else(|| "fallback".into())
}

/// The span every HTTP request runs in: method and route only (never paths with ids, query
/// strings, cookies or bodies); status and latency are recorded when the response leaves.
pub fn request_span(req: &Request<Body>) -> Span {
    tracing::info_span!(
        "request",
        method = %req.method(),
        route = %route_of(req),
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

/// Middleware counting every request by method, route and status, with its latency.
pub async fn http_metrics(req: Request<Body>, next: Next) -> Response<Body> {
    let method = req.method().as_str().to_string();
    let route = route_of(&req);
    let start = Instant::now();
    let res = next.run(req).await;
    metrics::http_request(&method, &route, res.status().as_u16(), start.elapsed());
    res
}
