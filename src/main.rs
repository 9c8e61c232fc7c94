//! The Rotasim server: settings, tracing, database, router, graceful shutdown.

use rotasim::{db::Db, server, settings::Settings, state::AppState, telemetry};
use std::process::ExitCode;

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

    let db = match Db::connect_and_migrate(&settings.portal.database_url).await {
        Ok(db) => db,
        Err(e) => {
            tracing::error!(error = %e, "cannot open the database");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(database = db.backend().name(), "database ready");

    let addr = settings.leptos.site_addr;
    let state = match AppState::new(
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
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(%addr, error = %e, "cannot listen");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!("Rotasim listening on http://{addr}");
    let stopping = state.clone();
    let interrupt = state.clone();
    let served = server::serve(listener, state, async move {
        shutdown_signal().await;
        // New submissions get 503 and open streams end (clients reconnect to the next process).
        stopping.jobs.stop_accepting();
        stopping.streams.shut_down();
    })
    .await;
    // Running engines stop within a chunk; their jobs stay `running` for the next start.
    interrupt.jobs.interrupt_running();
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
