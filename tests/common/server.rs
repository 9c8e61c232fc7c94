//! The portal in this process, built exactly as `main` builds it
//! ([`rotasim::startup::Application::build_with`]: metrics recorder, seeding, recovery, workers)
//! over a test database, on a free loopback port.

use rotasim::{
    api::stream_limits::StreamConfig,
    db::Db,
    jobs::JobsConfig,
    ratelimit::RateLimiter,
    server::AppState,
    settings::Settings,
    startup::{Application, Overrides},
};

/// A running in-process server.
pub struct Server {
    /// Base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    /// The state handlers see (job and stream counters).
    pub state: AppState,
    task: tokio::task::JoinHandle<()>,
}

/// What a test changes of a server before it starts.
pub struct ServerBuilder {
    settings: Settings,
    overrides: Overrides,
}

/// One worker on one engine thread: jobs run one after another, as the tests expect.
pub fn one_worker() -> JobsConfig {
    JobsConfig {
        workers: 1,
        threads_per_job: 1,
        ..Default::default()
    }
}

impl Server {
    /// A server over `db` with the settings' defaults.
    pub async fn start(db: Db) -> Server {
        Server::builder(db).start().await
    }

    /// A server over `db` whose jobs run one after another ([`one_worker`]).
    pub async fn one_worker(db: Db) -> Server {
        Server::builder(db).jobs(one_worker()).start().await
    }

    /// A server over `db` to configure.
    pub fn builder(db: Db) -> ServerBuilder {
        let absent = std::env::temp_dir().join(format!(
            "{}/absent.toml",
            super::unique("rotasim-no-settings-")
        ));
        let mut settings = Settings::load_from(&absent, |_| None).expect("default settings");
        settings.leptos.site_addr = "127.0.0.1:0".parse().unwrap();
        ServerBuilder {
            settings,
            overrides: Overrides {
                db: Some(db),
                ..Default::default()
            },
        }
    }

    /// The job manager, for its counters.
    pub fn jobs(&self) -> &rotasim::jobs::JobManager {
        &self.state.services.jobs
    }

    /// A new browser (its own cookie jar) talking to this server.
    pub fn browser(&self) -> super::api::Client {
        super::api::Client::new(&self.url)
    }

    /// Stops serving (as a crash would: no graceful shutdown).
    pub fn kill(self) {
        self.state.streams.shut_down();
        self.task.abort();
    }
}

impl ServerBuilder {
    /// Job-manager tunables.
    pub fn jobs(mut self, jobs: JobsConfig) -> Self {
        self.overrides.jobs = Some(jobs);
        self
    }

    /// Stream settings.
    pub fn streams(mut self, streams: StreamConfig) -> Self {
        self.overrides.streams = Some(streams);
        self
    }

    /// A rate limiter instead of the settings' in-process default.
    pub fn limiter(mut self, limiter: RateLimiter) -> Self {
        self.overrides.limiter = Some(limiter);
        self
    }

    /// Changes the portal settings (e.g. `secure_cookies`).
    pub fn settings(mut self, change: impl FnOnce(&mut rotasim::settings::PortalSettings)) -> Self {
        change(&mut self.settings.portal);
        self
    }

    /// Changes Leptos' options (e.g. `site_root`).
    pub fn leptos(mut self, change: impl FnOnce(&mut leptos::config::LeptosOptions)) -> Self {
        change(&mut self.settings.leptos);
        self
    }

    /// Builds and serves until killed.
    pub async fn start(self) -> Server {
        let app = Application::build_with(self.settings, self.overrides)
            .await
            .expect("the portal starts");
        let url = format!("http://{}", app.address());
        let state = app.state().clone();
        let task = tokio::spawn(async move {
            app.run_until_stopped(std::future::pending())
                .await
                .expect("serve")
        });
        Server { url, state, task }
    }
}
