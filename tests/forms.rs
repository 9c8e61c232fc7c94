//! The pages' forms posted without JavaScript, on both databases: a rotation saved (and
//! refused with what was typed kept), edited and forked; a job run again, retried and shared;
//! a refused one-button form sent back to its page with the reason; forms from other sites
//! refused. The same service calls as REST, so what is stored is checked through REST.

mod common;
use common::{Client, Server, TestDb, WAIT};
use serde_json::json;

both_databases!(rotation_forms_save_refuse_and_fork, rotation_forms);

async fn rotation_forms(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();

    // Refused: the page again (400) with the text and the error, nothing stored.
    let bad = "actions=fireball\r\nactions+=/fire_blsat";
    let (status, _, html) = b
        .post_form(
            "/rotations/new",
            &[
                ("specId", "fire_mage"),
                ("name", "Posted"),
                ("description", ""),
                ("apl", bad),
            ],
        )
        .await;
    assert_eq!(status, 400, "{html}");
    assert!(
        html.contains("fire_blsat"),
        "the text and its error are on the page"
    );
    assert!(html.contains(r#"value="Posted""#), "the name is kept");
    assert!(html.contains(r#"id="err-apl""#), "the error is at the text");
    let (_, mine) = b.get_json("/api/rotations").await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|r| r["name"] != "Posted"),
        "nothing stored: {mine}"
    );

    // Saved: 303 to its page; the browser's CR LF stored as LF.
    let good = "actions=fireball\r\nactions+=/fire_blast,if=buff.hot_streak.up";
    let (status, location, _) = b
        .post_form(
            "/rotations/new",
            &[
                ("specId", "fire_mage"),
                ("name", "Posted"),
                ("apl", good),
                ("start", "default"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let id = location
        .strip_prefix("/rotations/")
        .expect(&location)
        .to_string();
    let (_, r) = b.get_json(&format!("/api/rotations/{id}")).await;
    assert_eq!(r["apl"], good.replace("\r\n", "\n"));
    assert_eq!(r["version"], 1);

    // Edited through its page's form: version 2.
    let (status, location, _) = b
        .post_form(
            &format!("/rotations/{id}"),
            &[
                ("name", "Posted again"),
                ("description", "d"),
                ("apl", "actions=fireball"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/rotations/{id}").as_str())
    );
    let (_, r) = b.get_json(&format!("/api/rotations/{id}")).await;
    assert_eq!(
        (r["version"].as_i64(), r["name"].as_str()),
        (Some(2), Some("Posted again"))
    );

    // An edit refused: the page again with the edit kept, the stored rotation unchanged.
    let (status, _, html) = b
        .post_form(
            &format!("/rotations/{id}"),
            &[("name", ""), ("apl", "actions=fireball")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(html.contains(r#"id="err-name""#), "{html}");
    let (_, r) = b.get_json(&format!("/api/rotations/{id}")).await;
    assert_eq!(r["version"], 2);

    // Another player cannot save over it.
    let other = srv.browser();
    let (status, _, _) = other
        .post_form(
            &format!("/rotations/{id}"),
            &[("name", "Mine now"), ("apl", "actions=fireball")],
        )
        .await;
    assert_eq!(status, 404);

    // Fork: 303 to the copy.
    let (status, location, _) = b.post_form(&format!("/rotations/{id}/fork"), &[]).await;
    assert_eq!(status, 303);
    let copy = location.strip_prefix("/rotations/").expect(&location);
    assert_ne!(copy, id);
    let (_, c) = b.get_json(&format!("/api/rotations/{copy}")).await;
    assert_eq!(c["forkedFrom"], id.as_str());
    // Forking what does not exist: back with the reason.
    let (status, location, _) = b.post_form("/rotations/nope/fork", &[]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/rotations/nope?refused=fork.NOT_FOUND")
    );
}

both_databases!(job_forms_run_again_retry_and_share, job_forms);

async fn job_forms(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();
    let job = b
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 60, "iterations": 40, "fightType": "patchwerk", "seed": 11}))
        .await;
    b.wait_for_status(&job, "completed", WAIT).await;

    // A completed job cannot be retried: back to its page with the reason.
    let (status, location, _) = b
        .post_form(&format!("/simulate/results/{job}/retry"), &[])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("/simulate/results/{job}?refused=retry.CONFLICT").as_str()
        )
    );

    // Sim again: a new job with the same seed.
    let (status, location, _) = b
        .post_form(&format!("/simulate/results/{job}/again"), &[])
        .await;
    assert_eq!(status, 303);
    let again = location
        .strip_prefix("/simulate/results/")
        .expect(&location)
        .to_string();
    assert_ne!(again, job);
    assert_eq!(b.job(&again).await["snapshot"]["seed"], "11");

    // Share: 303 to the new link's page, which opens for anyone.
    let (status, location, _) = b
        .post_form(&format!("/simulate/results/{job}/share"), &[])
        .await;
    assert_eq!(status, 303);
    let link = location.strip_suffix("?new=1").expect(&location);
    let stranger = Client::new(&b.base);
    let res = stranger.http.get(stranger.url(link)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    // Not someone else's job.
    let other = srv.browser();
    let (status, location, _) = other
        .post_form(&format!("/simulate/results/{job}/share"), &[])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("/simulate/results/{job}?refused=share.NOT_FOUND").as_str()
        )
    );

    // A cancelled job is retried with a new seed.
    let long = b
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 900, "iterations": 50000, "fightType": "patchwerk"}))
        .await;
    let (status, _) = b.cancel(&long).await;
    assert!(status < 300);
    let (status, location, _) = b
        .post_form(&format!("/simulate/results/{long}/retry"), &[])
        .await;
    assert_eq!(status, 303);
    let retried = location
        .strip_prefix("/simulate/results/")
        .expect(&location)
        .to_string();
    assert_ne!(retried, long);
    b.cancel(&retried).await;
}

both_databases!(forms_from_other_sites_are_refused, cross_site);

async fn cross_site(t: TestDb) {
    let srv = Server::start(t.db.clone()).await;
    let b = srv.browser();
    for path in [
        "/rotations/new",
        "/rotations/x",
        "/rotations/x/fork",
        "/simulate/results/x/retry",
        "/simulate/results/x/again",
        "/simulate/results/x/share",
    ] {
        let res = b
            .http
            .post(b.url(path))
            .header("origin", "https://evil.example")
            .form(&[
                ("name", "x"),
                ("apl", "actions=fireball"),
                ("specId", "fire_mage"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403, "{path}");
    }
    let (_, mine) = b.get_json("/api/rotations").await;
    assert!(
        mine.as_array().unwrap().iter().all(|r| r["name"] != "x"),
        "nothing stored: {mine}"
    );
}
