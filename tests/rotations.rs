//! Built-in rotations are seeded from the engine catalogue, idempotently, on both databases.

mod common;
use common::{Server, TestDb};
use rotasim::model::Rotation;

both_databases!(
    builtin_rotations_are_seeded_idempotently,
    check,
    current_thread
);

async fn check(t: TestDb) {
    let db = &t.db;
    let srv = Server::start(db.clone()).await;
    // A second start seeds again without duplicating or failing.
    let again = Server::start(db.clone()).await;
    let list: Vec<Rotation> = reqwest::get(format!("{}/api/rotations", srv.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = list.iter().map(|r| r.slug.as_str()).collect();
    for spec in rotasim_engine::Catalog::builtin().specs() {
        assert!(
            slugs.contains(&spec.id()),
            "{} missing from {slugs:?}",
            spec.id()
        );
    }
    assert_eq!(
        list.len(),
        rotasim_engine::Catalog::builtin().specs().count()
    );
    let fire = list.iter().find(|r| r.slug == "fire_mage").unwrap();
    assert_eq!(fire.class, "Mage");
    assert!(fire.builtin && fire.apl.contains("fireball"));
    assert_eq!(fire.id, rotasim::db::builtin_id("fire_mage").to_string());
    // Grouped by class: sorted.
    let classes: Vec<&str> = list.iter().map(|r| r.class.as_str()).collect();
    let mut sorted = classes.clone();
    sorted.sort();
    assert_eq!(classes, sorted);
    // Found by id and by slug.
    let by_id = db.find_rotation(&fire.id, None).await.unwrap().unwrap();
    let by_slug = db.find_rotation("fire_mage", None).await.unwrap().unwrap();
    assert_eq!(by_id, by_slug);
    assert!(db.find_rotation("nope", None).await.unwrap().is_none());
    again.kill();
    srv.kill();
}
