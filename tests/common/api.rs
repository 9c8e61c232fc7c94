//! The one API client of the tests: a browser (its own cookie jar, so its own session and user
//! profile) at a base URL, with the REST calls the tests make and the SSE stream reader.

use super::sse::{Frame, SseStream};
use serde_json::Value;
use std::{
    sync::Arc,
    time::{Duration, Instant},
};

/// How long a stream may stay silent, or a job take to end, before a test gives up.
pub const WAIT: Duration = Duration::from_secs(60);

/// A browser talking to one server.
#[derive(Clone)]
pub struct Client {
    /// The HTTP client (shares the cookie jar), for requests without a helper here.
    pub http: reqwest::Client,
    /// Base URL, `http://HOST:PORT`.
    pub base: String,
    jar: Arc<reqwest::cookie::Jar>,
}

impl Client {
    /// A new browser (empty cookie jar) at `base`.
    pub fn new(base: &str) -> Client {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        Client {
            http: reqwest::Client::builder()
                .cookie_provider(jar.clone())
                .build()
                .expect("http client"),
            base: base.to_string(),
            jar,
        }
    }

    /// The same browser (same cookies) at another server, e.g. after a restart on a new port.
    pub fn at(&self, base: &str) -> Client {
        Client {
            base: base.to_string(),
            ..self.clone()
        }
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The `Cookie` header this browser sends (its session), if any.
    pub fn cookie(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().expect("base URL");
        self.jar
            .cookies(&url)
            .map(|v| v.to_str().unwrap().to_string())
    }

    /// `GET path` → (status, JSON body or `null`).
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        read(self.http.get(self.url(path)).send().await.unwrap()).await
    }

    /// `POST path` with a JSON body → (status, JSON body or `null`).
    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        read(
            self.http
                .post(self.url(path))
                .json(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// `PUT path` with a JSON body → (status, JSON body or `null`).
    pub async fn put_json(&self, path: &str, body: &Value) -> (u16, Value) {
        read(
            self.http
                .put(self.url(path))
                .json(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// `DELETE path` → (status, JSON body or `null`).
    pub async fn delete(&self, path: &str) -> (u16, Value) {
        read(self.http.delete(self.url(path)).send().await.unwrap()).await
    }

    /// `POST path` without a body (a server function without arguments) → (status, JSON body).
    pub async fn post_empty(&self, path: &str) -> (u16, Value) {
        read(self.http.post(self.url(path)).send().await.unwrap()).await
    }

    /// `POST path` with `body` as it is, sent as JSON → (status, JSON body or `null`).
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let res = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        read(res).await
    }

    /// `POST /api/simulations` → (status, JSON body).
    pub async fn submit(&self, body: &Value) -> (u16, Value) {
        let res = self
            .http
            .post(self.url("/api/simulations"))
            .json(body)
            .send()
            .await
            .unwrap();
        read(res).await
    }

    /// Posts a URL-encoded form from this portal's own page (as a browser without JavaScript
    /// does), not following a redirect → (status, `Location` or "", body text).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let http = reqwest::Client::builder()
            .cookie_provider(self.jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        let res = http
            .post(self.url(path))
            .header("origin", &self.base)
            .form(fields)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, location, res.text().await.unwrap())
    }

    /// Submits and expects `202`: the new job's id.
    pub async fn submit_ok(&self, body: &Value) -> String {
        let (status, created) = self.submit(body).await;
        assert_eq!(status, 202, "{body} → {created}");
        job_id(&created)
    }

    /// `GET /api/simulations/{id}` → (status, body).
    pub async fn get(&self, id: &str) -> (u16, Value) {
        self.get_json(&format!("/api/simulations/{id}")).await
    }

    /// `GET /api/simulations/{id}`, expecting `200`: the job.
    pub async fn job(&self, id: &str) -> Value {
        let (status, job) = self.get(id).await;
        assert_eq!(status, 200, "GET {id}: {job}");
        job
    }

    /// The first page (up to 100) of this browser's history, newest first.
    pub async fn history(&self) -> Vec<Value> {
        let (status, page) = self.get_json("/api/simulations?limit=100").await;
        assert_eq!(status, 200, "{page}");
        page["results"].as_array().expect("results").clone()
    }

    /// `DELETE /api/simulations/{id}` → (status, body).
    pub async fn cancel(&self, id: &str) -> (u16, Value) {
        read(
            self.http
                .delete(self.url(&format!("/api/simulations/{id}")))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// `POST /api/simulations/{id}/retry` → (status, body).
    pub async fn retry(&self, id: &str) -> (u16, Value) {
        read(
            self.http
                .post(self.url(&format!("/api/simulations/{id}/retry")))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// `POST` of a server function's JSON arguments → the response.
    pub async fn server_fn(&self, path: &str, args: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(args)
            .send()
            .await
            .unwrap()
    }

    /// Polls the job until `done` holds for it (`what` names it in the failure).
    pub async fn wait_for_job(
        &self,
        id: &str,
        what: &str,
        timeout: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let job = self.job(id).await;
            if done(&job) {
                return job;
            }
            assert!(
                Instant::now() < deadline,
                "job {id}: timed out waiting for {what}: {job:#}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Polls the job until its status is `status`.
    pub async fn wait_for_status(&self, id: &str, status: &str, timeout: Duration) -> Value {
        self.wait_for_job(id, status, timeout, |j| j["status"] == status)
            .await
    }

    /// Polls the job until it has ended (completed, failed or cancelled): the job.
    pub async fn wait_for_end(&self, id: &str, timeout: Duration) -> Value {
        self.wait_for_job(id, "the end", timeout, |j| {
            ["completed", "failed", "cancelled"].contains(&j["status"].as_str().unwrap_or(""))
        })
        .await
    }

    /// Polls the history until `done` holds for it (`what` names it in the failure).
    pub async fn wait_for_history(
        &self,
        what: &str,
        timeout: Duration,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let jobs = self.history().await;
            if done(&jobs) {
                return jobs;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {jobs:#?}"
            );
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }

    /// Opens the job's event stream, resuming after `last_event_id` when given.
    pub async fn stream(&self, id: &str, last_event_id: Option<u64>) -> SseStream {
        self.open_stream(&format!("/api/simulations/{id}/stream"), last_event_id)
            .await
    }

    /// Opens the event stream at `path` (e.g. a submission's `streamUrl`).
    pub async fn open_stream(&self, path: &str, last_event_id: Option<u64>) -> SseStream {
        SseStream::open(&self.http, &self.url(path), last_event_id).await
    }

    /// Every event of the job's stream up to its terminal one (which it asserts).
    pub async fn stream_to_end(&self, id: &str) -> Vec<Frame> {
        self.stream_to_end_within(id, WAIT).await
    }

    /// [`Client::stream_to_end`] with `wait` as the longest silence between two events.
    pub async fn stream_to_end_within(&self, id: &str, wait: Duration) -> Vec<Frame> {
        let events = self.stream(id, None).await.collect(wait).await;
        let names: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
        assert!(
            names
                .last()
                .is_some_and(|n| ["complete", "error", "cancelled"].contains(n)),
            "job {id}'s stream did not reach its end: {names:?}"
        );
        events
    }
}

/// A submission's (or retry's) job id.
pub fn job_id(created: &Value) -> String {
    created["jobId"]
        .as_str()
        .unwrap_or_else(|| panic!("no jobId in {created}"))
        .to_string()
}

async fn read(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}
