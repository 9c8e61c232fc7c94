//! The Rotasim server binary: parses the command line, loads the settings, sets up logging, and
//! hands over to [`rotasim::startup::Application`].
//!
//! `rotasim` and `rotasim serve` run everything in one process (SQLite or PostgreSQL);
//! `rotasim serve --role web` and `rotasim worker` split it over processes coordinated by
//! PostgreSQL.

use clap::{Parser, Subcommand, ValueEnum};
use rotasim::{
    settings::{Role, Settings},
    startup::Application,
    telemetry,
};
use std::{net::SocketAddr, process::ExitCode};

/// Rotasim: a self-hostable combat-simulation portal.
///
/// Settings come from Leptos.toml (or $ROTASIM_CONFIG) and environment variables
/// (DATABASE_URL, LEPTOS_SITE_ADDR, ROTASIM_*; see the README). Without a command it serves
/// as `rotasim serve` does.
#[derive(Parser, Debug)]
#[command(name = "rotasim", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the portal: pages, API and live streams (and, with the default role, the
    /// simulation workers) on LEPTOS_SITE_ADDR.
    Serve {
        /// `all`: web and workers in one process, jobs queued in it (SQLite or PostgreSQL).
        /// `web`: no engine work; jobs queue in PostgreSQL for `rotasim worker` processes.
        #[arg(long, value_enum, default_value_t = ServeRole::All)]
        role: ServeRole,
    },
    /// Claim queued jobs from PostgreSQL and run them (any number of these, on any machine).
    /// Answers only /healthz, /readyz and /metrics, on --listen.
    Worker {
        /// Address of the probes and metrics [env ROTASIM_WORKER_ADDR; default 127.0.0.1:9100].
        #[arg(long, value_name = "HOST:PORT")]
        listen: Option<SocketAddr>,
        /// Jobs this process runs at once [env ROTASIM_JOB_WORKERS; default 1].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        jobs: Option<u32>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ServeRole {
    /// Web and workers in one process.
    All,
    /// Web only; workers run as `rotasim worker`.
    Web,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match settings_for(cli.command) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("rotasim: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.portal.log_format);
    tracing::info!(role = settings.role.name(), "starting");
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(error = %e, "cannot start");
            return ExitCode::FAILURE;
        }
    };
    match app.run_until_stopped(shutdown_signal()).await {
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

/// The settings, with what the command line says on top.
fn settings_for(command: Option<Command>) -> Result<Settings, rotasim::settings::SettingsError> {
    let mut settings = Settings::load()?;
    let role = match command {
        None
        | Some(Command::Serve {
            role: ServeRole::All,
        }) => Role::All,
        Some(Command::Serve {
            role: ServeRole::Web,
        }) => Role::Web,
        Some(Command::Worker { listen, jobs }) => {
            if let Some(addr) = listen {
                settings.portal.worker_addr = addr.to_string();
            }
            if let Some(n) = jobs {
                settings.portal.job_workers = n as usize;
            }
            Role::Worker
        }
    };
    settings.with_role(role)
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
