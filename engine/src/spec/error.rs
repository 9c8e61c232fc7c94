//! Why a spec file was rejected.

/// Why a spec file was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    /// Not valid TOML, or not the expected shape.
    #[error("spec file: {0}")]
    Parse(String),
    /// A value or reference is invalid.
    #[error("spec '{spec}': {field}: {message}")]
    Invalid {
        /// Spec id.
        spec: String,
        /// Where (e.g. `spells[fireball].cooldown`).
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl SpecError {
    /// A [`SpecError::Invalid`] of spec `spec` at `field`.
    pub(crate) fn invalid(
        spec: &str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        SpecError::Invalid {
            spec: spec.to_string(),
            field: field.into(),
            message: message.into(),
        }
    }
}
