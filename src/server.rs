//! The axum application: its state (the services plus web-only state: stream limits, cookie
//! and proxy settings, Leptos options) and the router of API routes, Leptos pages, server
//! functions and static files.

mod assets;
mod forms;

use crate::{
    api::{self, health::Started, stream_limits::StreamLimits},
    app::{shell, App},
    db::SessionBackend,
    service::{rotations::MAX_APL_BODY_BYTES, Services},
    telemetry,
    web::{
        self,
        caller::SESSION_DAYS,
        client_ip::TrustProxy,
        security::{provide_request_nonce, SecurityConfig},
    },
};
use axum::{
    extract::{DefaultBodyLimit, FromRef},
    routing::{any, get, post},
    Extension, Router,
};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{sync::Arc, time::Duration};
use tower_http::{
    compression::{CompressionLayer, CompressionLevel},
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
use tracing::Span;

/// Everything a request may need; cheap to clone. Handlers take the parts they use
/// (`State<Services>`, `State<Arc<StreamLimits>>`, …).
#[derive(Clone, Debug)]
pub struct AppState {
    /// Leptos' options (site root etc.).
    pub leptos: LeptosOptions,
    /// The use cases' context.
    pub services: Services,
    /// Per-client stream caps and the signal that ends every stream.
    pub streams: Arc<StreamLimits>,
    /// Mark the session cookie `Secure` (HTTPS deployments).
    pub secure_cookies: bool,
    /// Trusted reverse proxies in front of the portal.
    pub trust_proxy: TrustProxy,
    /// When this process started.
    pub started: Started,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<AppState> for Services {
    fn from_ref(state: &AppState) -> Self {
        state.services.clone()
    }
}

impl FromRef<AppState> for Arc<StreamLimits> {
    fn from_ref(state: &AppState) -> Self {
        state.streams.clone()
    }
}

impl FromRef<AppState> for TrustProxy {
    fn from_ref(state: &AppState) -> Self {
        state.trust_proxy
    }
}

impl FromRef<AppState> for Started {
    fn from_ref(state: &AppState) -> Self {
        state.started
    }
}

/// The REST routes with their OpenAPI document (served at `/api/openapi.json` and
/// `/api/docs`).
fn api_routes() -> Router<AppState> {
    let (routes, doc) = api::openapi::router::<AppState>().split_for_parts();
    routes.layer(Extension(Arc::new(api::openapi::finish(doc))))
}

/// The complete router for `state`.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let leptos = state.leptos.clone();
    let services = state.services.clone();
    Router::new()
        // Every REST route, registered through its OpenAPI description.
        .merge(api_routes())
        // Any other `/api/…` path: a JSON 404, not the page.
        .route("/api/{*rest}", any(api::unknown::unknown))
        // The pages' forms, posted without JavaScript.
        .route(crate::model::paths::SIMULATE, post(forms::simulate))
        .route("/simulate/results/{id}/cancel", post(forms::cancel))
        .route("/simulate/results/{id}/retry", post(forms::retry))
        .route("/simulate/results/{id}/again", post(forms::again))
        .route("/simulate/results/{id}/share", post(forms::share))
        .route(
            crate::model::paths::NEW_ROTATION,
            post(forms::create_rotation),
        )
        .route("/rotations/{id}", post(forms::update_rotation))
        .route("/rotations/{id}/fork", post(forms::fork_rotation))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                leptos::prelude::provide_context(services.clone());
                provide_request_nonce();
            },
            move || shell(leptos.clone()),
        )
        .fallback_service(assets::files(&state))
        // Every REST body holds at most one rotation text.
        .layer(DefaultBodyLimit::max(MAX_APL_BODY_BYTES))
        .layer(session_layer(&state))
        .layer(axum::middleware::from_fn_with_state(
            state.services.db.clone(),
            web::error::track_outages,
        ))
        .layer(axum::middleware::from_fn(web::guard::refuse_hostile))
        .layer(axum::middleware::from_fn_with_state(
            state.trust_proxy,
            web::client_ip::resolve,
        ))
        .layer(axum::middleware::from_fn(web::caching::cache_headers))
        .layer(axum::middleware::from_fn_with_state(
            SecurityConfig {
                https: state.secure_cookies,
            },
            web::security::security_headers,
        ))
        .layer(compression())
        .layer(axum::middleware::from_fn(telemetry::http_metrics))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(telemetry::request_span)
                .on_request(())
                .on_response(
                    |res: &axum::http::Response<_>, latency: Duration, span: &Span| {
                        span.record("status", res.status().as_u16());
                        span.record("latency_ms", latency.as_millis() as u64);
                        tracing::info!(parent: span, "response");
                    },
                ),
        )
        .with_state(state)
}

/// Brotli or gzip, as the request accepts, for pages, JSON, JS, CSS and WASM; never for the
/// event streams (each event must leave at once), images or bodies under 32 bytes (tower-http's
/// default rule). Files precompressed at build time are sent as they are. Level 5: brotli at its
/// default level 11 takes seconds a megabyte; 5 is a few milliseconds for a page.
fn compression() -> CompressionLayer {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(5))
}

/// Session cookies: HttpOnly, SameSite=Lax, Secure when configured; sessions live in the
/// active database and are extended by use.
fn session_layer(state: &AppState) -> SessionManagerLayer<SessionBackend> {
    SessionManagerLayer::new(state.services.db.session_store())
        .with_name("rotasim_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(SESSION_DAYS)))
}

/// Serves the portal on `listener` until `shutdown` resolves: TCP_NODELAY on every connection
/// (small SSE frames leave at once) and client addresses for per-client limits.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router(listener, router(state), shutdown).await
}

/// The router of a worker process: the probes and the metrics, nothing else.
pub fn probes_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(api::health::healthz))
        .route("/readyz", get(api::health::readyz))
        .route("/metrics", get(api::metrics::metrics))
        .layer(axum::middleware::from_fn(telemetry::http_metrics))
        .with_state(state)
}

/// Serves a worker process's [`probes_router`] until `shutdown` resolves.
pub async fn serve_probes(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router(listener, probes_router(state), shutdown).await
}

async fn serve_router(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
