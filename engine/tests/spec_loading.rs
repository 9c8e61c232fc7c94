//! Loading a spec: values are validated, references resolved, and the default rotation compiled
//! by the loader above both (`load_spec`); every problem names its field.

use rotasim_engine::{load_spec, Catalog, Spec, SpecError};

const FIRE_MAGE: &str = include_str!("../data/specs/fire_mage.toml");

fn invalid(result: Result<Spec, SpecError>) -> (String, String) {
    match result {
        Err(SpecError::Invalid { field, message, .. }) => (field, message),
        other => panic!("expected an invalid spec, got {other:?}"),
    }
}

#[test]
fn the_default_rotation_is_checked_by_the_loader() {
    let text = FIRE_MAGE.replace("actions=combustion,", "actions=combustio,");
    let (field, message) = invalid(load_spec(&text));
    assert_eq!(field, "apl");
    assert!(
        message.starts_with("2:9: unknown spell 'combustio'"),
        "{message}"
    );
    assert!(Catalog::default().with_spec_toml(&text).is_err());
    // The spec's own data is valid: the spec layer alone accepts it.
    assert!(Spec::from_toml(&text).is_ok());
}

#[test]
fn values_are_checked_in_file_order() {
    let dup = FIRE_MAGE.replace("id = \"pyroblast\"", "id = \"fireball\"");
    assert_eq!(
        invalid(load_spec(&dup)),
        ("spells[fireball].id".into(), "duplicate spell id".into())
    );
    let slow = dup.replace("cast_time = 2.25", "cast_time = 99");
    assert_eq!(
        invalid(load_spec(&slow)),
        (
            "spells[fireball].cast_time".into(),
            "99 is outside 0..=60".into()
        )
    );
}

#[test]
fn unknown_references_name_their_field() {
    let text = FIRE_MAGE.replace(
        "makes_instant = [\"pyroblast\"",
        "makes_instant = [\"pyroblat\"",
    );
    assert_eq!(
        invalid(load_spec(&text)),
        (
            "buffs[hot_streak].makes_instant".into(),
            "unknown spell 'pyroblat'".into()
        )
    );
}

#[test]
fn a_loaded_spec_resolves_names_to_indices() {
    let spec = load_spec(FIRE_MAGE).expect("built-in spec loads");
    assert_eq!(spec.spell("fireball"), Some(0));
    assert_eq!(spec.spell("pyroblast"), Some(1));
    assert_eq!(spec.buff("hot_streak"), Some(0));
    assert_eq!(spec.spell("nope"), None);
}
