//! Runtime settings: `Leptos.toml` (or `$ROTASIM_CONFIG`) layered with environment variables.
//! Every default is defined once, in [`PortalSettings::default`]; the components read their
//! settings from here (`JobsConfig::from(&PortalSettings)` and the like).

pub use crate::telemetry::LogFormat;
use leptos::config::LeptosOptions;
use serde::Deserialize;
use std::path::Path;

/// The `[portal]` table of the settings file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct PortalSettings {
    /// `sqlite://…` or `postgres://…`; env `DATABASE_URL`.
    pub database_url: String,
    /// Optional Redis for shared rate limits; env `REDIS_URL`.
    pub redis_url: Option<String>,
    /// env `LOG_FORMAT`.
    pub log_format: LogFormat,
    /// Jobs simulated at once; env `ROTASIM_JOB_WORKERS`.
    pub job_workers: usize,
    /// Engine threads per job, 0 = all cores; env `ROTASIM_JOB_THREADS`.
    pub job_threads: usize,
    /// Queued jobs per user; env `ROTASIM_MAX_QUEUED_PER_USER`.
    pub max_queued_per_user: usize,
    /// Queued jobs in all; env `ROTASIM_MAX_QUEUED_TOTAL`.
    pub max_queued_total: usize,
    /// SSE heartbeat interval in seconds; env `ROTASIM_SSE_HEARTBEAT_SECS`.
    pub sse_heartbeat_secs: u64,
    /// SSE stream lifetime in seconds; env `ROTASIM_SSE_MAX_SECS`.
    pub sse_max_secs: u64,
    /// Concurrent SSE streams per client; env `ROTASIM_MAX_STREAMS_PER_CLIENT`.
    pub max_streams_per_client: usize,
    /// Starts a job gets across restarts before it fails; env `ROTASIM_MAX_ATTEMPTS`.
    pub max_attempts: u32,
    /// Finished jobs whose result may wait in memory while the database is unreachable; env
    /// `ROTASIM_MAX_PENDING_RESULTS`.
    pub max_pending_results: usize,
    /// Seconds running jobs get to finish on SIGTERM/SIGINT; env `ROTASIM_SHUTDOWN_GRACE_SECS`.
    pub shutdown_grace_secs: u64,
    /// Mark the session cookie `Secure` (serve over HTTPS); env `ROTASIM_SECURE_COOKIES`.
    pub secure_cookies: bool,
    /// Job submissions per user (per client address without a session) in one window, 0 = no
    /// limit; env `ROTASIM_RATE_LIMIT`.
    pub rate_limit: u64,
    /// The rate limit's sliding window in seconds; env `ROTASIM_RATE_LIMIT_WINDOW_SECS`.
    pub rate_limit_window_secs: u64,
    /// Reverse proxies in front of the portal whose `X-Forwarded-For` entries are trusted, 0 =
    /// ignore the header (the peer address is the client); env `ROTASIM_TRUST_PROXY`.
    pub trust_proxy: u64,
    /// Seconds a worker process's claim on a job holds without renewal (it renews every third
    /// of it while the job runs); a job whose lease expired is run again; env
    /// `ROTASIM_LEASE_SECS`.
    pub lease_secs: u64,
    /// Where `rotasim worker` answers `/healthz`, `/readyz` and `/metrics`; env
    /// `ROTASIM_WORKER_ADDR`.
    pub worker_addr: String,
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/rotasim.db".into(),
            redis_url: None,
            log_format: LogFormat::Pretty,
            job_workers: 1,
            job_threads: 0,
            max_queued_per_user: 5,
            max_queued_total: 100,
            sse_heartbeat_secs: 15,
            sse_max_secs: 600,
            max_streams_per_client: 16,
            max_attempts: 3,
            max_pending_results: 100,
            shutdown_grace_secs: 30,
            secure_cookies: false,
            rate_limit: 10,
            rate_limit_window_secs: 60,
            trust_proxy: 0,
            lease_secs: 30,
            worker_addr: "127.0.0.1:9100".into(),
        }
    }
}

/// What a process does (`rotasim serve [--role all|web]`, `rotasim worker`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Pages, API, streams and the workers in one process, on SQLite or PostgreSQL (the
    /// default; jobs queue in this process).
    #[default]
    All,
    /// Pages, API and streams, no engine work; jobs queue in PostgreSQL for worker processes.
    Web,
    /// Claims queued jobs from PostgreSQL and runs them; answers only the probes and metrics.
    Worker,
}

impl Role {
    /// The name on the command line and in logs.
    pub fn name(self) -> &'static str {
        match self {
            Role::All => "all",
            Role::Web => "web",
            Role::Worker => "worker",
        }
    }

    /// Whether jobs are coordinated through PostgreSQL (several processes) rather than queued
    /// in this process.
    pub fn is_clustered(self) -> bool {
        self != Role::All
    }
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Leptos' own options (site root, address, output name…).
    pub leptos: LeptosOptions,
    /// The portal's own settings.
    pub portal: PortalSettings,
    /// What this process does (from the command line; [`Role::All`] by default).
    pub role: Role,
}

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file exists but could not be read.
    #[error("cannot read settings file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("invalid settings file {path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A value (from file or environment) is invalid.
    #[error("invalid setting {key}: {message}")]
    Invalid {
        /// The setting or env var.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    leptos: Option<toml::Table>,
    #[serde(default)]
    portal: PortalSettings,
}

impl Settings {
    /// Loads `$ROTASIM_CONFIG` or `./Leptos.toml` (defaults when absent), then applies env overrides.
    pub fn load() -> Result<Self, SettingsError> {
        let path = std::env::var("ROTASIM_CONFIG").unwrap_or_else(|_| "Leptos.toml".into());
        Self::load_from(Path::new(&path), |k| std::env::var(k).ok())
    }

    /// Loads from `path` with `env` as the environment (injectable for tests).
    pub fn load_from(
        path: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SettingsError> {
        let shown = path.display().to_string();
        let file: SettingsFile = match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| SettingsError::Parse {
                path: shown.clone(),
                message: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SettingsFile::default(),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: shown,
                    source,
                })
            }
        };

        // Leptos reads its own section (with LEPTOS_* overrides) from cargo-metadata form.
        let mut leptos_table = file.leptos.unwrap_or_default();
        leptos_table
            .entry("output-name")
            .or_insert_with(|| toml::Value::String("rotasim".into()));
        let leptos_toml = format!(
            "[package.metadata.leptos]\n{}",
            toml::to_string(&leptos_table).map_err(|e| SettingsError::Parse {
                path: shown.clone(),
                message: e.to_string(),
            })?
        );
        let leptos = leptos::config::get_config_from_str(&leptos_toml).map_err(|e| {
            SettingsError::Invalid {
                key: "leptos",
                message: e.to_string(),
            }
        })?;

        let mut portal = file.portal;
        if let Some(url) = env("DATABASE_URL").filter(|v| !v.is_empty()) {
            portal.database_url = url;
        }
        if let Some(url) = env("REDIS_URL").filter(|v| !v.is_empty()) {
            portal.redis_url = Some(url);
        }
        if let Some(fmt) = env("LOG_FORMAT").filter(|v| !v.is_empty()) {
            portal.log_format = fmt.parse().map_err(|message| SettingsError::Invalid {
                key: "LOG_FORMAT",
                message,
            })?;
        }
        let e = &env;
        number(e, "ROTASIM_JOB_WORKERS", &mut portal.job_workers, 1)?;
        number(e, "ROTASIM_JOB_THREADS", &mut portal.job_threads, 0)?;
        number(
            e,
            "ROTASIM_MAX_QUEUED_PER_USER",
            &mut portal.max_queued_per_user,
            1,
        )?;
        number(
            e,
            "ROTASIM_MAX_QUEUED_TOTAL",
            &mut portal.max_queued_total,
            1,
        )?;
        number(
            e,
            "ROTASIM_SSE_HEARTBEAT_SECS",
            &mut portal.sse_heartbeat_secs,
            1,
        )?;
        number(e, "ROTASIM_SSE_MAX_SECS", &mut portal.sse_max_secs, 1)?;
        number(
            e,
            "ROTASIM_MAX_STREAMS_PER_CLIENT",
            &mut portal.max_streams_per_client,
            1,
        )?;
        number(e, "ROTASIM_MAX_ATTEMPTS", &mut portal.max_attempts, 1)?;
        number(
            e,
            "ROTASIM_MAX_PENDING_RESULTS",
            &mut portal.max_pending_results,
            0,
        )?;
        number(
            e,
            "ROTASIM_SHUTDOWN_GRACE_SECS",
            &mut portal.shutdown_grace_secs,
            0,
        )?;
        number(e, "ROTASIM_RATE_LIMIT", &mut portal.rate_limit, 0)?;
        number(
            e,
            "ROTASIM_RATE_LIMIT_WINDOW_SECS",
            &mut portal.rate_limit_window_secs,
            1,
        )?;
        number(e, "ROTASIM_TRUST_PROXY", &mut portal.trust_proxy, 0)?;
        number(e, "ROTASIM_LEASE_SECS", &mut portal.lease_secs, 1)?;
        if let Some(addr) = env("ROTASIM_WORKER_ADDR").filter(|v| !v.is_empty()) {
            portal.worker_addr = addr;
        }
        if portal.lease_secs == 0 {
            return Err(SettingsError::Invalid {
                key: "lease-secs",
                message: "a lease must last at least 1 second".into(),
            });
        }
        if portal.worker_addr.parse::<std::net::SocketAddr>().is_err() {
            return Err(SettingsError::Invalid {
                key: "worker-addr",
                message: format!("expected HOST:PORT, got '{}'", portal.worker_addr),
            });
        }
        if portal.rate_limit_window_secs == 0 {
            return Err(SettingsError::Invalid {
                key: "rate-limit-window-secs",
                message: "the window must be at least 1 second".into(),
            });
        }
        if let Some(v) = env("ROTASIM_SECURE_COOKIES").filter(|v| !v.is_empty()) {
            portal.secure_cookies = match v.trim() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                _ => {
                    return Err(SettingsError::Invalid {
                        key: "ROTASIM_SECURE_COOKIES",
                        message: format!("expected true or false, got '{v}'"),
                    })
                }
            };
        }
        Ok(Self {
            leptos,
            portal,
            role: Role::All,
        })
    }

    /// These settings for `role`; the web and worker roles need PostgreSQL (the embedded SQLite
    /// database belongs to one process).
    pub fn with_role(mut self, role: Role) -> Result<Self, SettingsError> {
        let url = &self.portal.database_url;
        let postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if role.is_clustered() && !postgres {
            return Err(SettingsError::Invalid {
                key: "DATABASE_URL",
                message: format!(
                    "the {} role coordinates through PostgreSQL: set DATABASE_URL=postgres://… \
                     (SQLite serves one process: run `rotasim serve`)",
                    role.name()
                ),
            });
        }
        self.role = role;
        Ok(self)
    }
}

/// Overrides `slot` with the environment variable `key` when set: a whole number ≥ `min`.
fn number<T>(
    env: &impl Fn(&str) -> Option<String>,
    key: &'static str,
    slot: &mut T,
    min: T,
) -> Result<(), SettingsError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    if let Some(v) = env(key).filter(|v| !v.is_empty()) {
        *slot = v
            .trim()
            .parse::<T>()
            .ok()
            .filter(|n| *n >= min)
            .ok_or_else(|| SettingsError::Invalid {
                key,
                message: format!("expected a whole number ≥ {min}, got '{v}'"),
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
        let p = dir.path().join("Leptos.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn file_values_are_read_and_env_overrides_them() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "[leptos]\nsite-addr = \"127.0.0.1:4000\"\n[portal]\ndatabase-url = \"sqlite://x.db\"\nlog-format = \"json\"\n",
        );
        let s = Settings::load_from(&p, |_| None).unwrap();
        assert_eq!(s.portal.database_url, "sqlite://x.db");
        assert_eq!(s.portal.log_format, LogFormat::Json);
        assert_eq!(&*s.leptos.output_name, "rotasim");

        let s = Settings::load_from(&p, |k| match k {
            "DATABASE_URL" => Some("postgres://a@b/c".into()),
            "LOG_FORMAT" => Some("pretty".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.portal.database_url, "postgres://a@b/c");
        assert_eq!(s.portal.log_format, LogFormat::Pretty);
    }

    #[test]
    fn rate_limit_settings() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "[portal]\nrate-limit = 5\nrate-limit-window-secs = 30\ntrust-proxy = 1\n",
        );
        let s = Settings::load_from(&p, |_| None).unwrap();
        assert_eq!(
            (s.portal.rate_limit, s.portal.rate_limit_window_secs),
            (5, 30)
        );
        assert_eq!(s.portal.trust_proxy, 1);
        let off =
            Settings::load_from(&p, |k| (k == "ROTASIM_RATE_LIMIT").then(|| "0".into())).unwrap();
        assert_eq!(off.portal.rate_limit, 0, "0 is accepted (no limit)");
        let p = write(&dir, "[portal]\nrate-limit-window-secs = 0\n");
        let err = Settings::load_from(&p, |_| None).unwrap_err().to_string();
        assert!(err.contains("rate-limit-window-secs"), "{err}");
        let err = Settings::load_from(&dir.path().join("none.toml"), |k| {
            (k == "ROTASIM_TRUST_PROXY").then(|| "yes".into())
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("ROTASIM_TRUST_PROXY"), "{err}");
    }

    #[test]
    fn web_and_worker_roles_refuse_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let none = dir.path().join("none.toml");
        let sqlite = Settings::load_from(&none, |_| None).unwrap();
        assert_eq!(sqlite.role, Role::All);
        assert_eq!(sqlite.clone().with_role(Role::All).unwrap().role, Role::All);
        for role in [Role::Web, Role::Worker] {
            let err = sqlite.clone().with_role(role).unwrap_err().to_string();
            assert!(
                err.contains("PostgreSQL") && err.contains(role.name()),
                "{err}"
            );
        }
        let pg = Settings::load_from(&none, |k| match k {
            "DATABASE_URL" => Some("postgres://a@b/c".into()),
            "ROTASIM_LEASE_SECS" => Some("2".into()),
            "ROTASIM_WORKER_ADDR" => Some("0.0.0.0:9200".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (pg.portal.lease_secs, pg.portal.worker_addr.as_str()),
            (2, "0.0.0.0:9200")
        );
        assert_eq!(pg.with_role(Role::Worker).unwrap().role, Role::Worker);
        let err = Settings::load_from(&none, |k| {
            (k == "ROTASIM_WORKER_ADDR").then(|| "nine".into())
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("worker-addr"), "{err}");
    }

    #[test]
    fn missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load_from(&dir.path().join("nope.toml"), |_| None).unwrap();
        assert_eq!(s.portal.database_url, "sqlite://data/rotasim.db");
    }

    #[test]
    fn bad_values_name_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "[portal]\ndatabse-url = \"x\"\n");
        let err = Settings::load_from(&p, |_| None).unwrap_err().to_string();
        assert!(err.contains("databse-url"), "{err}");

        let p = write(&dir, "");
        let err = Settings::load_from(&p, |k| (k == "LOG_FORMAT").then(|| "xml".into()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("LOG_FORMAT") && err.contains("xml"), "{err}");
    }
}
