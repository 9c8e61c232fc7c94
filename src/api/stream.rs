//! `GET /api/simulations/{id}/stream`: Server-Sent Events of a job.
//!
//! Every event carries `id:` (the job's sequence number). A new or reconnecting client first gets
//! `connected`, then the job's current state (queued position, latest progress and partial stats,
//! or the final event) and then live events; with `Last-Event-ID` nothing it has already seen is
//! sent again. Where the stream starts (live, or a finished job's final event from the database)
//! is the service layer's decision ([`crate::service::streams`]); this adapter writes frames.

use super::stream_limits::{StreamConfig, StreamLimits, StreamSlot};
use crate::{
    model::{ErrorCode, StreamEvent, FINAL_EVENT_ID},
    service::{
        streams::{self, JobChannel, Sequenced, StreamStart, Subscription},
        Caller, ServiceError, Services,
    },
    web::error::status,
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
use std::{convert::Infallible, sync::Arc};
use tokio::sync::{broadcast::error::RecvError, watch};

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

/// A stream that only says when to reconnect (`retry:`) and why (a comment).
fn reconnect_hint(retry: std::time::Duration, why: &str) -> Response {
    let body = format!("retry: {}\n: {why}\n\n", retry.as_millis());
    sse_headers(
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/event-stream")],
            body,
        )
            .into_response(),
    )
}

fn sse_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    r
}

/// The stream handler.
#[utoipa::path(
    get,
    path = "/api/simulations/{id}/stream",
    tag = "simulations",
    summary = "Watch a simulation live (Server-Sent Events)",
    description = "Each event's `data:` is one JSON `StreamEvent` whose `type` is also the SSE \
        `event:` name: `connected`, then the job's state (`queued`, `progress`, `partial`) and \
        live events until a terminal `complete`, `error` or `cancelled` (SSE id 4294967295). \
        Every event has an `id:`; reconnecting with `Last-Event-ID` resumes without repeats. \
        A finished job answers `connected` and its final event at once. `: heartbeat` comments \
        every 15 s of silence; streams end after 10 minutes, at shutdown or while the database \
        is away with a `retry:` hint.",
    params(
        ("id" = String, Path, description = "The caller's job id"),
        ("Last-Event-ID" = Option<String>, Header, description = "The last event id seen: nothing up to it is sent again"),
    ),
    responses(
        (status = 200, description = "The event stream", content_type = "text/event-stream", body = StreamEvent,
            headers(("Cache-Control" = String, description = "`no-cache`"))),
        (status = 404, description = "No such job, or not the caller's: one `error` event (`NOT_FOUND`)", content_type = "text/event-stream", body = StreamEvent),
        (status = 429, description = "The client has 16 streams open: one `error` event (`TOO_MANY_STREAMS`)", content_type = "text/event-stream", body = StreamEvent),
    )
)]
pub async fn stream(
    State(services): State<Services>,
    State(limits): State<Arc<StreamLimits>>,
    caller: Result<Caller, ServiceError>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let authorized = match &caller {
        Ok(caller) => streams::authorize(&services, caller, &id).await,
        Err(_) => Err(ServiceError::database_unavailable()),
    };
    let job = match authorized {
        Ok(job) => job,
        // The database is away: the browser is told to come back, not that the job failed.
        Err(ServiceError::Db(e)) => {
            if e.is_unavailable() {
                services.db.health().mark_down(&e);
            }
            return reconnect_hint(
                limits.cfg.retry,
                "database temporarily unavailable; reconnect",
            );
        }
        Err(e) => {
            let event = StreamEvent::Error {
                message: e.to_string(),
                code: e.code(),
            };
            return one_shot(status(&e), vec![(0, event)]);
        }
    };
    let caller = caller.expect("authorized above");
    if limits.is_shut_down() {
        // Shutting down: tell the browser to come back (to the next process) in a moment.
        return reconnect_hint(limits.cfg.retry, "server shutting down; reconnect");
    }
    let Some(slot) = limits.acquire(&caller.client) else {
        let message = format!(
            "too many open streams from this client (limit {})",
            limits.cfg.max_per_client
        );
        let code = ErrorCode::TooManyStreams;
        let status =
            StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        return one_shot(status, vec![(0, StreamEvent::Error { message, code })]);
    };
    let last_seen: u64 = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let connected = (last_seen, StreamEvent::Connected { job_id: id.clone() });

    match streams::start(&services, &caller, &job).await {
        StreamStart::Finished(last) => {
            drop(slot);
            let mut events = vec![connected];
            if last_seen < FINAL_EVENT_ID {
                events.push((FINAL_EVENT_ID, last));
            }
            one_shot(StatusCode::OK, events)
        }
        StreamStart::NotYet => {
            drop(slot);
            reconnect_hint(limits.cfg.retry, "the job is not tracked yet; reconnect")
        }
        StreamStart::Live {
            channel,
            subscription,
        } => {
            let cfg = limits.cfg.clone();
            let shutdown = limits.on_shutdown();
            let body = live(
                connected,
                channel,
                subscription,
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
    }
}

fn live(
    connected: (u64, StreamEvent),
    channel: Arc<JobChannel>,
    sub: Subscription,
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
                    Err(RecvError::Closed) => {
                        // Never silence: the channel went away without a final event.
                        yield Ok(Event::default().retry(cfg.retry).comment("stream closed; reconnect"));
                        return;
                    }
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
