//! `GET /api/simulations/{id}/stream`: Server-Sent Events of a job.
//!
//! Every event carries `id:` (the job's sequence number). A new or reconnecting client first gets
//! `connected`, then the job's current state (queued position, latest progress and partial stats,
//! or the final event) and then live events; with `Last-Event-ID` nothing it has already seen is
//! sent again. Finished jobs whose channel is gone are answered from the database.

use crate::{
    api::error::ApiError,
    jobs::pubsub::Sequenced,
    model::{JobStatus, StreamEvent},
    service::simulations::{self, Caller},
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures::Stream;
use std::{
    collections::HashMap,
    convert::Infallible,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::sync::{broadcast::error::RecvError, watch};

/// Id of final events served from the database (a live job's ids are far smaller).
pub const FINAL_EVENT_ID: u64 = u32::MAX as u64;

/// Streaming settings.
#[derive(Debug, Clone)]
pub struct StreamConfig {
    /// Comment sent when nothing else was for this long.
    pub heartbeat: Duration,
    /// Streams end after this long, with a `retry:` hint.
    pub max_duration: Duration,
    /// Concurrent streams per client address.
    pub max_per_client: usize,
    /// Reconnection delay suggested to clients.
    pub retry: Duration,
}

impl Default for StreamConfig {
    fn default() -> Self {
        StreamConfig {
            heartbeat: Duration::from_secs(15),
            max_duration: Duration::from_secs(600),
            max_per_client: 16,
            retry: Duration::from_secs(2),
        }
    }
}

/// Per-client stream counts and the shutdown signal that ends every stream.
#[derive(Debug)]
pub struct StreamLimits {
    /// Settings.
    pub cfg: StreamConfig,
    open: Mutex<HashMap<String, usize>>,
    shutdown: watch::Sender<bool>,
}

/// Holds one of a client's stream slots.
pub struct StreamSlot {
    limits: Arc<StreamLimits>,
    client: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        crate::telemetry::metrics::sse_stream(false);
        let mut open = self.limits.open.lock().expect("stream counts");
        if let Some(n) = open.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.client);
            }
        }
    }
}

impl StreamLimits {
    /// Limits with `cfg`.
    pub fn new(cfg: StreamConfig) -> StreamLimits {
        StreamLimits {
            cfg,
            open: Mutex::new(HashMap::new()),
            shutdown: watch::channel(false).0,
        }
    }

    fn acquire(self: &Arc<Self>, client: &str) -> Option<StreamSlot> {
        let mut open = self.open.lock().expect("stream counts");
        let n = open.entry(client.to_string()).or_insert(0);
        if *n >= self.cfg.max_per_client {
            return None;
        }
        *n += 1;
        crate::telemetry::metrics::sse_stream(true);
        Some(StreamSlot {
            limits: self.clone(),
            client: client.to_string(),
        })
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.open.lock().expect("stream counts").values().sum()
    }

    /// True once [`StreamLimits::shut_down`] was called.
    pub fn is_shut_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Ends every stream (graceful shutdown); clients reconnect to the next process.
    pub fn shut_down(&self) {
        let _ = self.shutdown.send(true);
    }
}

fn sequenced_event(e: &Sequenced) -> Event {
    Event::default()
        .event(e.event.name())
        .id(e.id.to_string())
        .data(&*e.json)
}

fn sse_event(id: u64, event: &StreamEvent) -> Event {
    Event::default()
        .event(event.name())
        .id(id.to_string())
        .json_data(event)
        .unwrap_or_else(|_| Event::default().comment("unserialisable event"))
}

fn one_shot(status: StatusCode, events: Vec<(u64, StreamEvent)>) -> Response {
    let body: String = events
        .iter()
        .map(|(id, e)| {
            format!(
                "event: {}\nid: {id}\ndata: {}\n\n",
                e.name(),
                serde_json::to_string(e).unwrap_or_default()
            )
        })
        .collect();
    sse_headers((status, [(header::CONTENT_TYPE, "text/event-stream")], body).into_response())
}

fn sse_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    r
}

/// The stream handler.
pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let row = match simulations::owned_row(&state, &caller, &id).await {
        Ok(row) => row,
        Err(ApiError::NotFound(message)) => {
            return one_shot(
                StatusCode::NOT_FOUND,
                vec![(
                    0,
                    StreamEvent::Error {
                        message,
                        code: "NOT_FOUND".into(),
                    },
                )],
            )
        }
        Err(e) => {
            let code = e.code().to_string();
            return one_shot(
                crate::api::error::status(&e),
                vec![(
                    0,
                    StreamEvent::Error {
                        message: e.to_string(),
                        code,
                    },
                )],
            );
        }
    };
    if state.streams.is_shut_down() {
        // Shutting down: tell the browser to come back (to the next process) in a moment.
        let body = format!(
            "retry: {}\n: server shutting down; reconnect\n\n",
            state.streams.cfg.retry.as_millis()
        );
        return sse_headers(
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/event-stream")],
                body,
            )
                .into_response(),
        );
    }
    let Some(slot) = state.streams.acquire(&caller.client) else {
        let message = format!(
            "too many open streams from this client (limit {})",
            state.streams.cfg.max_per_client
        );
        return one_shot(
            StatusCode::TOO_MANY_REQUESTS,
            vec![(
                0,
                StreamEvent::Error {
                    message,
                    code: "TOO_MANY_STREAMS".into(),
                },
            )],
        );
    };
    let last_seen: u64 = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let connected = (last_seen, StreamEvent::Connected { job_id: id.clone() });

    let Some((channel, sub)) = state.jobs.subscribe(&id) else {
        // No live channel: the job has ended (perhaps in an earlier process); answer from the database.
        let status = JobStatus::parse(&row.status).unwrap_or(JobStatus::Failed);
        let last = match status {
            JobStatus::Completed => match simulations::get(&state, &caller, &id).await {
                Ok(view) => match (view.result, view.result_id) {
                    (Some(report), Some(rid)) => StreamEvent::complete(report, rid),
                    _ => StreamEvent::Error {
                        message: "the stored result is unreadable".into(),
                        code: "RESULT_MISSING".into(),
                    },
                },
                Err(e) => StreamEvent::Error {
                    message: e.to_string(),
                    code: e.code().into(),
                },
            },
            JobStatus::Cancelled => StreamEvent::Cancelled,
            JobStatus::Failed => StreamEvent::Error {
                message: row
                    .error_message
                    .clone()
                    .unwrap_or_else(|| "Simulation failed".into()),
                code: row.error_code.clone().unwrap_or_else(|| "FAILED".into()),
            },
            JobStatus::Queued | JobStatus::Running => StreamEvent::Error {
                message: "the job is not being tracked by this server; try again shortly".into(),
                code: "NOT_TRACKED".into(),
            },
        };
        drop(slot);
        let mut events = vec![connected];
        if last_seen < FINAL_EVENT_ID {
            events.push((FINAL_EVENT_ID, last));
        }
        return one_shot(StatusCode::OK, events);
    };

    let cfg = state.streams.cfg.clone();
    let shutdown = state.streams.shutdown.subscribe();
    let body = live(
        connected,
        channel,
        sub,
        last_seen,
        cfg.clone(),
        shutdown,
        slot,
    );
    sse_headers(
        Sse::new(body)
            .keep_alive(KeepAlive::new().interval(cfg.heartbeat).text("heartbeat"))
            .into_response(),
    )
}

fn live(
    connected: (u64, StreamEvent),
    channel: Arc<crate::jobs::pubsub::JobChannel>,
    sub: crate::jobs::pubsub::Subscription,
    last_seen: u64,
    cfg: StreamConfig,
    mut shutdown: watch::Receiver<bool>,
    slot: StreamSlot,
) -> impl Stream<Item = Result<Event, Infallible>> {
    async_stream::stream! {
        // Move the whole subscription (its guard counts this subscriber) and the slot in.
        let mut sub = sub;
        let _slot = slot;
        let deadline = tokio::time::sleep(cfg.max_duration);
        tokio::pin!(deadline);
        yield Ok(sse_event(connected.0, &connected.1));
        let fresh = |e: &Sequenced| e.id > last_seen;
        for e in std::mem::take(&mut sub.snapshot) {
            if fresh(&e) {
                yield Ok(sequenced_event(&e));
            }
            if e.event.is_terminal() {
                return;
            }
        }
        loop {
            tokio::select! {
                r = sub.rx.recv() => match r {
                    Ok(e) => {
                        if fresh(&e) {
                            yield Ok(sequenced_event(&e));
                        }
                        if e.event.is_terminal() {
                            return;
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        if let Some(t) = channel.terminal() {
                            yield Ok(sequenced_event(&t));
                            return;
                        }
                    }
                    Err(RecvError::Closed) => return,
                },
                _ = &mut deadline => {
                    yield Ok(Event::default().retry(cfg.retry).comment("stream time limit reached; reconnect"));
                    return;
                }
                _ = shutdown.changed() => {
                    yield Ok(Event::default().retry(cfg.retry).comment("server shutting down; reconnect"));
                    return;
                }
            }
        }
    }
}
