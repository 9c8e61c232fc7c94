//! Runtime settings: `Leptos.toml` (or `$ROTASIM_CONFIG`) layered with environment variables.

use leptos::config::LeptosOptions;
use serde::Deserialize;
use std::path::Path;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, coloured when the output is a terminal.
    #[default]
    Pretty,
    /// One JSON object per line.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = SettingsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pretty" => Ok(Self::Pretty),
            "json" => Ok(Self::Json),
            other => Err(SettingsError::Invalid {
                key: "LOG_FORMAT",
                message: format!("expected 'pretty' or 'json', got '{other}'"),
            }),
        }
    }
}

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
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/rotasim.db".into(),
            redis_url: None,
            log_format: LogFormat::Pretty,
        }
    }
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Leptos' own options (site root, address, output name…).
    pub leptos: LeptosOptions,
    /// The portal's own settings.
    pub portal: PortalSettings,
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
            portal.log_format = fmt.parse()?;
        }
        Ok(Self { leptos, portal })
    }
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
