//! Delivery over real HTTP: what a browser is told about compression, caching and security.
//! - pages, JSON and the site's files are compressed when the request accepts brotli or gzip,
//!   precompressed twins are sent as they are, and the event stream is never compressed (its
//!   events still arrive while the job runs);
//! - fingerprinted files are immutable for a year, other files revalidate by `Last-Modified`,
//!   pages are `private, no-cache`, API answers `no-store`;
//! - every page carries a Content-Security-Policy whose nonce is the one on its inline scripts,
//!   and the other security headers; HSTS only when the cookies are `Secure`.

mod common;

use common::{Client, Server, TestDb};
use reqwest::header::HeaderMap;
use serde_json::json;
use std::{io::Read, path::Path, time::Duration};

/// A fingerprinted WASM file's name, as cargo-leptos writes it.
const WASM: &str = "pkg/rotasim.AbCdEfGhIjKlMnOpQrStUv.wasm";
/// A fingerprinted stylesheet with a precompressed brotli twin.
const CSS: &str = "pkg/rotasim.ZyXwVuTsRqPoNmLkJiHgFe.css";
/// A file without a fingerprint.
const SCRIPT: &str = "echarts.min.js";

/// Something that compresses well and is big enough to be worth it.
fn filler(tag: &str) -> Vec<u8> {
    (0..2000)
        .map(|i| format!("{tag} line {i} of the site's files\n"))
        .collect::<String>()
        .into_bytes()
}

/// A site root with the three kinds of file.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join(WASM), filler("wasm")).unwrap();
    std::fs::write(root.join(CSS), filler("css")).unwrap();
    std::fs::write(root.join(format!("{CSS}.br")), b"precompressed twin").unwrap();
    std::fs::write(root.join(SCRIPT), filler("script")).unwrap();
    dir
}

/// A server over a fresh SQLite database serving `site`.
async fn server(site: &Path, https: bool) -> (Server, TestDb) {
    let t = TestDb::sqlite().await;
    let root = site.to_string_lossy().to_string();
    let srv = Server::builder(t.db.clone())
        .jobs(common::one_worker())
        .leptos(|o| o.site_root = root.into())
        .settings(|p| p.secure_cookies = https)
        .start()
        .await;
    (srv, t)
}

/// `GET path` with `accept-encoding`, returning status, headers and the raw (undecoded) body.
async fn get(c: &Client, path: &str, encoding: &str) -> (u16, HeaderMap, Vec<u8>) {
    let res = c
        .http
        .get(c.url(path))
        .header("accept-encoding", encoding)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .expect("a gzip body");
    out
}

#[tokio::test]
async fn files_are_compressed_and_cached_by_their_names() {
    let dir = site();
    let (srv, _t) = server(dir.path(), false).await;
    let c = srv.browser();

    // Fingerprinted WASM: compressed on the fly, kept a year.
    let (status, h, body) = get(&c, &format!("/{WASM}"), "br, gzip").await;
    assert_eq!(status, 200);
    assert_eq!(header(&h, "content-encoding"), "br");
    assert_eq!(header(&h, "content-type"), "application/wasm");
    assert_eq!(
        header(&h, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&h, "vary")
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    assert!(
        body.len() * 5 < filler("wasm").len(),
        "br: {} bytes",
        body.len()
    );
    let (_, h, body) = get(&c, &format!("/{WASM}"), "gzip").await;
    assert_eq!(header(&h, "content-encoding"), "gzip");
    assert_eq!(gunzip(&body), filler("wasm"));
    let (_, h, body) = get(&c, &format!("/{WASM}"), "identity").await;
    assert_eq!(header(&h, "content-encoding"), "");
    assert_eq!(body, filler("wasm"));

    // A precompressed twin is sent as it is.
    let (status, h, body) = get(&c, &format!("/{CSS}"), "gzip, br").await;
    assert_eq!(status, 200);
    assert_eq!(header(&h, "content-encoding"), "br");
    assert_eq!(header(&h, "content-type"), "text/css");
    assert_eq!(header(&h, "vary"), "accept-encoding");
    assert_eq!(body, b"precompressed twin");

    // A file without a fingerprint: revalidated, and unchanged means 304 without a body.
    let (status, h, _) = get(&c, &format!("/{SCRIPT}"), "gzip").await;
    assert_eq!(status, 200);
    assert_eq!(header(&h, "cache-control"), "no-cache");
    assert_eq!(header(&h, "content-encoding"), "gzip");
    let modified = header(&h, "last-modified").to_string();
    assert!(!modified.is_empty(), "Last-Modified on {SCRIPT}");
    let res = c
        .http
        .get(c.url(&format!("/{SCRIPT}")))
        .header("if-modified-since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    assert!(res.bytes().await.unwrap().is_empty());

    // A missing file is the 404 page, not cached.
    let (status, h, _) = get(&c, "/pkg/rotasim.AAAAAAAAAAAAAAAAAAAAAA.wasm", "br").await;
    assert_eq!(status, 404);
    assert_eq!(header(&h, "cache-control"), "private, no-cache");
}

#[tokio::test]
async fn pages_carry_a_nonce_policy_and_the_security_headers() {
    let dir = site();
    let (srv, _t) = server(dir.path(), false).await;
    let c = srv.browser();
    for path in [
        "/",
        "/simulate",
        "/simulate/history",
        "/rotations",
        "/no/such/page",
    ] {
        let (status, h, body) = get(&c, path, "gzip").await;
        assert!(status == 200 || path == "/no/such/page", "{path}: {status}");
        assert_eq!(header(&h, "content-encoding"), "gzip", "{path}");
        assert_eq!(header(&h, "cache-control"), "private, no-cache", "{path}");
        assert_eq!(header(&h, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&h, "x-frame-options"), "DENY", "{path}");
        assert_eq!(
            header(&h, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert!(header(&h, "permissions-policy").contains("camera=()"));
        assert_eq!(header(&h, "strict-transport-security"), "", "plain HTTP");
        let csp = header(&h, "content-security-policy");
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix("script-src "))
            .unwrap_or_else(|| panic!("{path}: no script-src in {csp:?}"));
        assert!(!script_src.contains("unsafe-inline"), "{script_src}");
        assert!(
            !script_src.contains("http"),
            "no other origin: {script_src}"
        );
        let nonce = script_src
            .split(' ')
            .find_map(|s| s.strip_prefix("'nonce-"))
            .and_then(|s| s.strip_suffix('\''))
            .unwrap_or_else(|| panic!("{path}: no script nonce in {csp:?}"));
        assert!(nonce.len() >= 16, "{path}: nonce {nonce:?}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        // Every inline script of the page carries the policy's nonce.
        let html = String::from_utf8(gunzip(&body)).unwrap();
        let mut scripts = 0;
        for tag in html.split("<script").skip(1) {
            let open = &tag[..tag.find('>').unwrap()];
            if open.contains(" src=") {
                continue;
            }
            scripts += 1;
            assert!(
                open.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: inline <script{open}> without the nonce {nonce}"
            );
        }
        assert!(scripts >= 1, "{path}: the hydration script is inline");
        // Another request gets another nonce.
        let (_, h2, _) = get(&c, path, "identity").await;
        assert_ne!(header(&h2, "content-security-policy"), csp, "{path}");
    }
}

#[tokio::test]
async fn api_answers_are_compressed_and_never_stored() {
    let dir = site();
    let (srv, _t) = server(dir.path(), false).await;
    let c = srv.browser();
    let (status, h, body) = get(&c, "/api/rotations", "gzip").await;
    assert_eq!(status, 200);
    assert_eq!(header(&h, "content-encoding"), "gzip");
    assert_eq!(header(&h, "cache-control"), "no-store");
    assert_eq!(header(&h, "x-content-type-options"), "nosniff");
    let rotations: serde_json::Value = serde_json::from_slice(&gunzip(&body)).unwrap();
    assert!(rotations.as_array().is_some_and(|r| !r.is_empty()));
    let (_, h, _) = get(&c, "/healthz", "br").await;
    assert_eq!(header(&h, "cache-control"), "no-store");
}

#[tokio::test]
async fn the_event_stream_is_never_compressed_and_events_arrive_while_the_job_runs() {
    let dir = site();
    let (srv, _t) = server(dir.path(), false).await;
    let c = srv.browser();
    let id = c
        .submit_ok(&json!({"rotationId": "affliction_warlock", "duration": 900,
            "iterations": 50000, "fightType": "aoe", "statWeights": true}))
        .await;
    let res = c
        .http
        .get(c.url(&format!("/api/simulations/{id}/stream")))
        .header("accept", "text/event-stream")
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), "content-type"), "text/event-stream");
    assert_eq!(header(res.headers(), "content-encoding"), "");
    let mut body = res;
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !seen.contains("event: progress") {
        let chunk = tokio::time::timeout_at(deadline, body.chunk())
            .await
            .expect("a progress event within 30 s")
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(seen.contains("event: connected"), "{seen}");
    // The progress event came while the job still runs: nothing held it back.
    assert_eq!(c.job(&id).await["status"], "running");
    c.cancel(&id).await;
}

#[tokio::test]
async fn hsts_is_sent_when_the_cookies_are_secure() {
    let dir = site();
    let (srv, _t) = server(dir.path(), true).await;
    let c = srv.browser();
    for path in ["/", "/api/rotations"] {
        let (_, h, _) = get(&c, path, "identity").await;
        assert_eq!(
            header(&h, "strict-transport-security"),
            "max-age=31536000",
            "{path}"
        );
    }
}
