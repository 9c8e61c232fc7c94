//! The Rotasim server: settings, tracing, database, router, graceful shutdown.

use rotasim::{
    db,
    ratelimit::{redis::RedisStore, RateLimiter},
    server,
    settings::{PortalSettings, Settings},
    state::AppState,
    telemetry,
};
use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("rotasim: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.portal.log_format);

    let db = match db::connect_and_migrate(&settings.portal.database_url).await {
        Ok(db) => db,
        Err(e) => {
            tracing::error!(error = %e, "cannot open the database");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(database = db.backend().name(), "database ready");

    let addr = settings.leptos.site_addr;
    let mut state = match AppState::new(
        settings.leptos.clone(),
        db.clone(),
        settings.portal.jobs(),
        settings.portal.streams(),
    )
    .await
    {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot prepare the database");
            return ExitCode::FAILURE;
        }
    };
    state.secure_cookies = settings.portal.secure_cookies;
    state.trust_proxy = settings.portal.trust_proxy as usize;
    state.limiter = match rate_limiter(&settings.portal).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot reach Redis for the rate limit (REDIS_URL)");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(%addr, error = %e, "cannot listen");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!("Rotasim listening on http://{addr}");
    let grace = Duration::from_secs(settings.portal.shutdown_grace_secs);
    let stopping = state.clone();
    let (drained_tx, drained_rx) = tokio::sync::oneshot::channel();
    let served = server::serve(listener, state, async move {
        shutdown_signal().await;
        // /readyz and new submissions answer 503 at once, open streams end (clients reconnect
        // to the next process); the server keeps answering while running jobs finish.
        stopping.jobs.stop_accepting();
        stopping.streams.shut_down();
        let running = stopping.jobs.running_count();
        if running > 0 {
            tracing::info!(
                jobs = running,
                grace_secs = grace.as_secs(),
                "waiting for running jobs"
            );
        }
        if !stopping.jobs.drain(grace).await {
            // Engines stop within a chunk; their jobs stay `running` and run again at the next start.
            tracing::warn!(
                jobs = stopping.jobs.running_count(),
                "grace period over: running jobs left for the next start"
            );
            stopping.jobs.interrupt_running();
            stopping.jobs.drain(Duration::from_secs(2)).await;
        }
        let _ = drained_tx.send(());
    })
    .await;
    let _ = drained_rx.await;
    db.close().await;
    match served {
        Ok(()) => {
            tracing::info!("shut down cleanly");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "server error");
            ExitCode::FAILURE
        }
    }
}

/// The submission rate limiter the settings ask for: shared through Redis when `REDIS_URL` is
/// set (Redis must answer at start), else in-process.
async fn rate_limiter(portal: &PortalSettings) -> Result<RateLimiter, redis::RedisError> {
    let policy = portal.rate_policy();
    let limiter = match &portal.redis_url {
        Some(url) => RateLimiter::redis(
            policy,
            RedisStore::connect(url, rotasim::ratelimit::redis::DEFAULT_PREFIX).await?,
        ),
        None => RateLimiter::in_process(policy),
    };
    match policy {
        Some(p) => tracing::info!(
            limit = p.limit,
            window_secs = p.window.as_secs(),
            store = limiter.store_name(),
            "submission rate limit"
        ),
        None => tracing::warn!("submission rate limit disabled (rate-limit = 0)"),
    }
    Ok(limiter)
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => tracing::info!("SIGINT received, shutting down"),
        _ = term => tracing::info!("SIGTERM received, shutting down"),
    }
}
