//! Share links on both databases: the owner of a completed result creates read-only links
//! (`POST /api/simulations/{id}/share`), anyone opens them without a session (`GET
//! /api/shares/{token}`, the page `/s/{token}` with its Open Graph meta), and revoking one stops
//! it at once. Other players, unknown and malformed tokens and unfinished jobs get 404 / 409;
//! what a link shows names no owner, job, result or rotation id.

mod common;
use common::{raw, Client, Raw, Server, TestDb, WAIT};
use serde_json::{json, Value};

const MY_APL: &str = "actions=fire_blast,if=buff.hot_streak.up\nactions+=/fireball";

fn is_token(t: &str) -> bool {
    // 43 unpadded base64url characters = 258 bits of room for 256 random bits (≥ 128 asked).
    t.len() == 43
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Creates a link to `job`, expecting 201: the token.
async fn share(b: &Client, job: &str) -> String {
    let (status, link) = b.post_empty(&format!("/api/simulations/{job}/share")).await;
    assert_eq!(status, 201, "{link}");
    let token = link["token"].as_str().expect("token").to_string();
    assert!(is_token(&token), "{token}");
    assert_eq!(link["url"], format!("/s/{token}"));
    token
}

/// `GET path` as text → (status, body).
async fn page(b: &Client, path: &str) -> (u16, String) {
    let res = b.http.get(b.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The owner's user id, as stored with the job.
async fn owner_of(url: &str, job: &str) -> String {
    let sql = "SELECT CAST(user_id AS TEXT) FROM simulation_jobs WHERE id = $1";
    match raw(url).await {
        Raw::Sqlite(p) => sqlx::query_scalar(sql)
            .bind(job)
            .fetch_one(&p)
            .await
            .unwrap(),
        Raw::Postgres(p) => sqlx::query_scalar(sql)
            .bind(job)
            .fetch_one(&p)
            .await
            .unwrap(),
    }
}

/// Rows of `share_tokens` whose stored `token` column equals `token`.
async fn stored_plain(url: &str, token: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM share_tokens WHERE token = $1";
    match raw(url).await {
        Raw::Sqlite(p) => sqlx::query_scalar(sql)
            .bind(token)
            .fetch_one(&p)
            .await
            .unwrap(),
        Raw::Postgres(p) => sqlx::query_scalar(sql)
            .bind(token)
            .fetch_one(&p)
            .await
            .unwrap(),
    }
}

both_databases!(links_open_for_anyone_until_revoked, lifecycle);

async fn lifecycle(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let owner = srv.browser();
    let (status, rotation) = owner
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "My APL", "apl": MY_APL}),
        )
        .await;
    assert_eq!(status, 201, "{rotation}");
    let rotation_id = rotation["id"].as_str().unwrap().to_string();
    let job = owner
        .submit_ok(&json!({"rotationId": rotation_id, "duration": 60, "iterations": 40, "fightType": "patchwerk", "seed": 7}))
        .await;
    let done = owner.wait_for_status(&job, "completed", WAIT).await;
    let result_id = done["resultId"].as_str().unwrap().to_string();
    let user_id = owner_of(&t.url, &job).await;

    // Every "Share" makes a new, independent link; only its hash is stored.
    let token = share(&owner, &job).await;
    let second = share(&owner, &job).await;
    assert_ne!(token, second);
    assert_eq!(
        stored_plain(&t.url, &token).await,
        0,
        "tokens are stored hashed"
    );
    let (_, status) = owner
        .get_json(&format!("/api/simulations/{job}/share"))
        .await;
    assert_eq!(status, json!({"live": 2}));

    // A fresh browser (no cookie) reads the result: report, snapshot and settings, no ids.
    let anyone = srv.browser();
    let res = anyone
        .http
        .get(anyone.url(&format!("/api/shares/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let shared: Value = res.json().await.unwrap();
    assert_eq!(shared["rotationName"], "My APL");
    assert_eq!(
        (&shared["class"], &shared["spec"]),
        (&json!("Mage"), &json!("Fire"))
    );
    assert_eq!(
        (
            &shared["fightType"],
            &shared["duration"],
            &shared["iterations"]
        ),
        (&json!("patchwerk"), &json!(60), &json!(40))
    );
    assert_eq!(shared["snapshot"]["apl"], MY_APL);
    assert_eq!(shared["snapshot"]["seed"], "7");
    assert_eq!(shared["characterIsDefault"], true);
    assert!(
        shared["character"]["primary"].as_f64().unwrap() > 0.0,
        "{shared}"
    );
    let mean = shared["report"]["stats"]["meanDps"].as_f64().unwrap();
    assert_eq!(Some(mean), done["meanDps"].as_f64());
    assert!(shared["report"]["abilities"].as_array().unwrap().len() > 1);
    let text = shared.to_string();
    for secret in [&job, &result_id, &user_id, &rotation_id] {
        assert!(!text.contains(secret.as_str()), "{secret} leaks: {text}");
    }
    for key in ["jobId", "resultId", "userId", "rotationId"] {
        assert!(!text.contains(key), "{key} in {text}");
    }
    assert!(
        anyone.cookie().is_none(),
        "reading a link starts no session"
    );

    // A built-in is named after its spec already: its title does not say it twice.
    let builtin = owner
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 60, "iterations": 5, "fightType": "aoe", "targets": 3}))
        .await;
    owner.wait_for_status(&builtin, "completed", WAIT).await;
    let builtin_token = share(&owner, &builtin).await;
    let (_, html) = page(&anyone, &format!("/s/{builtin_token}")).await;
    assert!(
        html.contains(r#"<meta property="og:title" content="Fire Mage — Default: "#),
        "{html}"
    );
    assert!(html.contains("AoE, 3 targets fight, 60 s, 5 iterations: "));

    // The page: rendered in the first response with its preview meta, read-only.
    let (status, html) = page(&anyone, &format!("/s/{token}")).await;
    assert_eq!(status, 200);
    let dps = rotasim::ui::format::thousands(mean);
    let title = format!("Fire Mage — My APL: {dps} DPS");
    assert!(
        html.contains(&format!(r#"<meta property="og:title" content="{title}""#)),
        "{html}"
    );
    for needle in [
        r#"<meta property="og:type" content="website""#,
        r#"<meta name="twitter:card" content="summary""#,
        &format!(r#"<meta property="og:url" content="{}/s/{token}""#, srv.url),
        "Patchwerk fight, 60 s, 40 iterations: ",
        &format!("<title>{title} · Rotasim</title>"),
        "Overview",
        "Abilities",
        "Rotation as simulated",
        "actions+=/fireball",
        "Settings",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
    for absent in [
        job.as_str(),
        result_id.as_str(),
        user_id.as_str(),
        rotation_id.as_str(),
        "/simulate/results/",
        "/export",
        "Retry",
        "Sim again",
        ">Cancel<",
    ] {
        assert!(!html.contains(absent), "{absent} on the shared page");
    }

    // Another player can neither share nor revoke it, and learns nothing: 404.
    let other = srv.browser();
    other
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 60, "iterations": 5, "fightType": "patchwerk"}))
        .await;
    let (status, body) = other
        .post_empty(&format!("/api/simulations/{job}/share"))
        .await;
    assert_eq!(
        (status, &body["code"]),
        (404, &json!("NOT_FOUND")),
        "{body}"
    );
    let (status, _) = other
        .get_json(&format!("/api/simulations/{job}/share"))
        .await;
    assert_eq!(status, 404);
    let (status, body) = other.delete(&format!("/api/shares/{token}")).await;
    assert_eq!(
        (status, &body["code"]),
        (404, &json!("NOT_FOUND")),
        "{body}"
    );
    assert!(!body.to_string().contains(&job));
    let (status, _) = anyone.delete(&format!("/api/shares/{token}")).await;
    assert_eq!(status, 404, "no session, no revoking");
    let (status, body) = other.delete(&format!("/api/simulations/{job}/share")).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(
        anyone.get_json(&format!("/api/shares/{token}")).await.0,
        200
    );

    // Revoked: the next read is a 404, JSON and page alike; the other link still opens.
    let (status, _) = owner.delete(&format!("/api/shares/{token}")).await;
    assert_eq!(status, 204);
    let (status, body) = anyone.get_json(&format!("/api/shares/{token}")).await;
    assert_eq!(
        (status, &body["code"]),
        (404, &json!("NOT_FOUND")),
        "{body}"
    );
    assert_eq!(body["error"], "share link not found");
    let (status, html) = page(&anyone, &format!("/s/{token}")).await;
    assert_eq!(status, 404);
    assert!(html.contains("Shared result not found"), "{html}");
    assert!(!html.contains("og:title"));
    assert_eq!(owner.delete(&format!("/api/shares/{token}")).await.0, 404);
    assert_eq!(
        anyone.get_json(&format!("/api/shares/{second}")).await.0,
        200
    );

    // "Revoke all" on the result ends the rest.
    let (status, body) = owner.delete(&format!("/api/simulations/{job}/share")).await;
    assert_eq!((status, body), (200, json!({"revoked": 1})));
    assert_eq!(
        anyone.get_json(&format!("/api/shares/{second}")).await.0,
        404
    );
    let (_, status) = owner
        .get_json(&format!("/api/simulations/{job}/share"))
        .await;
    assert_eq!(status, json!({"live": 0}));

    // The server functions the pages call are the same service calls.
    let res = owner
        .server_fn("/api/share/create", &json!({"id": job}))
        .await;
    assert_eq!(res.status(), 200);
    let link: Value = res.json().await.unwrap();
    let third = link["token"].as_str().unwrap();
    let res = anyone
        .server_fn("/api/share/get", &json!({"token": third}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["rotationName"], "My APL");
    let res = other
        .server_fn("/api/share/revoke", &json!({"token": third}))
        .await;
    assert_eq!(res.status(), 404);
}

both_databases!(bad_tokens_foreign_and_unfinished_jobs, refusals);

async fn refusals(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let owner = srv.browser();
    let anyone = srv.browser();

    // Unknown (well-formed) and malformed tokens are 404, JSON and page alike.
    let unknown = "A".repeat(43);
    for token in [
        unknown.as_str(),
        "abc",
        "..%2F..%2Fetc",
        &"b".repeat(44),
        "Zm9v!bar",
    ] {
        let (status, body) = anyone.get_json(&format!("/api/shares/{token}")).await;
        assert_eq!(
            (status, &body["code"]),
            (404, &json!("NOT_FOUND")),
            "{token}: {body}"
        );
        let (status, _) = page(&anyone, &format!("/s/{token}")).await;
        assert_eq!(status, 404, "{token}");
    }
    // Unknown jobs, with and without a session.
    assert_eq!(
        anyone.post_empty("/api/simulations/nope/share").await.0,
        404
    );

    // A job that has not completed cannot be shared: 409 while it runs, and once cancelled.
    let long = owner
        .submit_ok(&json!({"rotationId": "affliction_warlock", "duration": 900, "iterations": 50000, "fightType": "aoe"}))
        .await;
    let (status, body) = owner
        .post_empty(&format!("/api/simulations/{long}/share"))
        .await;
    assert_eq!((status, &body["code"]), (409, &json!("CONFLICT")), "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("only a completed simulation can be shared"),
        "{body}"
    );
    assert_eq!(owner.cancel(&long).await.0, 200);
    owner.wait_for_status(&long, "cancelled", WAIT).await;
    let (status, _) = owner
        .post_empty(&format!("/api/simulations/{long}/share"))
        .await;
    assert_eq!(status, 409);
    assert_eq!(common::count_rows(&t.url, "share_tokens").await, 0);

    // The per-player cap on live links holds in the repository (the service asks for 500).
    let job = owner
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 60, "iterations": 5, "fightType": "patchwerk"}))
        .await;
    let done = owner.wait_for_status(&job, "completed", WAIT).await;
    let result = done["resultId"].as_str().unwrap();
    let user = owner_of(&t.url, &job).await;
    assert!(t.db.insert_share("d1", result, &user, 2).await.unwrap());
    assert!(t.db.insert_share("d2", result, &user, 2).await.unwrap());
    assert!(
        !t.db.insert_share("d3", result, &user, 2).await.unwrap(),
        "at the cap"
    );
    assert!(t.db.revoke_share("d1", &user).await.unwrap());
    assert!(
        t.db.insert_share("d3", result, &user, 2).await.unwrap(),
        "a revoked link frees a slot"
    );
    assert_eq!(t.db.live_shares(result, &user).await.unwrap(), 2);
    assert!(!t.db.revoke_share("d2", "not-a-uuid").await.unwrap());
}
