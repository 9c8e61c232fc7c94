//! The catalogue of specs to simulate, the built-in ones included from `engine/data/specs/*.toml`
//! at compile time, and [`load_spec`]: a spec checked together with its default rotation. That
//! check lives here, above both the spec loader and the APL compiler, so neither imports the other
//! both ways.

use crate::{
    apl::Apl,
    spec::{Spec, SpecError},
    stats::Character,
};
use serde::{Deserialize, Serialize};

const BUILTIN: [(&str, &str); 4] = [
    (
        "fire_mage.toml",
        include_str!("../data/specs/fire_mage.toml"),
    ),
    (
        "affliction_warlock.toml",
        include_str!("../data/specs/affliction_warlock.toml"),
    ),
    (
        "fury_warrior.toml",
        include_str!("../data/specs/fury_warrior.toml"),
    ),
    (
        "beast_mastery_hunter.toml",
        include_str!("../data/specs/beast_mastery_hunter.toml"),
    ),
];

/// A set of specs to simulate.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    specs: Vec<Spec>,
}

/// A spec's summary, as listed by `rotasim-sim specs --json` and the portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SpecSummary {
    /// Spec id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Class.
    pub class: String,
    /// Specialisation.
    pub spec: String,
    /// Description.
    pub description: String,
    /// Primary resource name.
    pub resource: String,
    /// Whether it has a pet.
    pub has_pet: bool,
    /// Default rotation text.
    pub default_apl: String,
    /// Default character.
    pub character: Character,
}

impl Catalog {
    /// The built-in specs. They are tested to load; a broken one is a build defect.
    pub fn builtin() -> Catalog {
        let specs = BUILTIN
            .iter()
            .map(|(name, text)| {
                load_spec(text).unwrap_or_else(|e| panic!("built-in spec {name}: {e}"))
            })
            .collect();
        Catalog { specs }
    }

    /// Adds (or replaces, by id) a spec, which should come from [`load_spec`] (a spec whose
    /// default rotation does not compile can only be simulated with a rotation of its own).
    pub fn with_spec(mut self, spec: Spec) -> Catalog {
        self.specs.retain(|s| s.id() != spec.id());
        self.specs.push(spec);
        self
    }

    /// Loads a spec file's text ([`load_spec`]) and adds it.
    pub fn with_spec_toml(self, text: &str) -> Result<Catalog, SpecError> {
        Ok(self.with_spec(load_spec(text)?))
    }

    /// A spec by id.
    pub fn get(&self, id: &str) -> Option<&Spec> {
        self.specs.iter().find(|s| s.id() == id)
    }

    /// All specs.
    pub fn specs(&self) -> impl Iterator<Item = &Spec> {
        self.specs.iter()
    }

    /// Summaries of all specs.
    pub fn summaries(&self) -> Vec<SpecSummary> {
        self.specs
            .iter()
            .map(|s| SpecSummary {
                id: s.file.id.clone(),
                name: s.file.name.clone(),
                class: s.file.class.clone(),
                spec: s.file.spec.clone(),
                description: s.file.description.clone(),
                resource: s.file.resource.name.clone(),
                has_pet: s.file.pet.is_some(),
                default_apl: s.file.apl.clone(),
                character: s.file.character.clone(),
            })
            .collect()
    }
}

/// Loads a spec file's text: reads, validates and resolves it ([`Spec::from_toml`]), then checks
/// that its default rotation compiles against it.
pub fn load_spec(text: &str) -> Result<Spec, SpecError> {
    let spec = Spec::from_toml(text)?;
    check_default_apl(&spec)?;
    Ok(spec)
}

/// The spec's default rotation must compile against the spec; an error names the field `apl`.
pub fn check_default_apl(spec: &Spec) -> Result<(), SpecError> {
    Apl::compile(&spec.file.apl, spec)
        .map(drop)
        .map_err(|e| SpecError::invalid(spec.id(), "apl", e.to_string()))
}
