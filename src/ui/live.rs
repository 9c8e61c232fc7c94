//! A job's event stream in the browser, on gloo-net's `EventSource`: one connection, its events
//! handed to a callback, the browser's own reconnection reported, and at most three
//! reconnections of ours (with backoff) when the browser gives up. Closed after a final event or
//! when the [`Watch`] is closed or dropped.

use crate::model::StreamEvent;
use futures::{
    channel::oneshot,
    future::{AbortHandle, Abortable},
    stream::{select_all, StreamExt},
};
use gloo_net::eventsource::{futures::EventSource, State};
use leptos::{prelude::set_timeout, task::spawn_local};
use std::{rc::Rc, time::Duration};
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;

/// Our own reconnection attempts after the browser's have failed.
const MAX_RETRIES: u32 = 3;
/// Every event type of the stream contract, and `open` (the connection is up).
///
/// `error` comes first: a connection failure is seen as an `error` event without data, and
/// gloo-net's per-subscription error items (sent for every `error` event, the job's own
/// included) are not needed.
const TYPES: [&str; 8] = [
    "error",
    "open",
    "connected",
    "queued",
    "progress",
    "partial",
    "complete",
    "cancelled",
];

/// What the watcher reports.
#[derive(Debug, Clone)]
pub enum LiveMsg {
    /// An event of the job.
    Event(Box<StreamEvent>),
    /// The connection dropped; reconnecting.
    Reconnecting,
    /// The connection is (again) open.
    Open,
    /// The connection could not be restored.
    Lost,
}

/// A live subscription; closing it (or dropping it) ends the connection.
pub struct Watch(AbortHandle);

impl Watch {
    /// Opens `url` and reports to `on`.
    pub fn open(url: String, on: impl Fn(LiveMsg) + 'static) -> Watch {
        let (handle, registration) = AbortHandle::new_pair();
        let task = Abortable::new(follow(url, Rc::new(on)), registration);
        spawn_local(async move {
            // Aborted: the page closed the watch; the connection went with the task.
            let _ = task.await;
        });
        Watch(handle)
    }

    /// Ends the connection for good.
    pub fn close(&self) {
        self.0.abort();
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.close();
    }
}

/// How one connection ended.
enum Ended {
    /// A final event arrived: nothing more to follow.
    Final,
    /// The browser gave up reconnecting (or the connection could not be made).
    Failed,
}

/// Follows the stream across connections until a final event or the last failed retry.
async fn follow(url: String, on: Rc<dyn Fn(LiveMsg)>) {
    let mut retries = 0;
    loop {
        match connection(&url, &*on, &mut retries).await {
            Ended::Final => return,
            Ended::Failed if retries >= MAX_RETRIES => {
                on(LiveMsg::Lost);
                return;
            }
            Ended::Failed => {
                on(LiveMsg::Reconnecting);
                sleep(Duration::from_millis(1000 << retries)).await;
                retries += 1;
            }
        }
    }
}

/// One `EventSource` until it ends; closed (and its listeners removed) when this returns.
async fn connection(url: &str, on: &dyn Fn(LiveMsg), retries: &mut u32) -> Ended {
    let Ok(mut es) = EventSource::new(url) else {
        return Ended::Failed;
    };
    let mut subscriptions = Vec::with_capacity(TYPES.len());
    for kind in TYPES {
        match es.subscribe(kind) {
            Ok(s) => subscriptions.push(s),
            Err(_) => return Ended::Failed,
        }
    }
    let mut events = select_all(subscriptions);
    while let Some(item) = events.next().await {
        // gloo-net's error items duplicate the `error` events handled below.
        let Ok((kind, event)) = item else { continue };
        if kind == "open" {
            *retries = 0;
            on(LiveMsg::Open);
            continue;
        }
        let data = event
            .dyn_ref::<MessageEvent>()
            .and_then(|m| m.data().as_string());
        let Some(data) = data else {
            // An `error` without data is the connection failing, not the job.
            if es.state() == State::Connecting {
                // The browser reconnects by itself, resending Last-Event-ID.
                on(LiveMsg::Reconnecting);
                continue;
            }
            return Ended::Failed;
        };
        match serde_json::from_str::<StreamEvent>(&data) {
            Ok(event) => {
                let last = event.is_terminal();
                on(LiveMsg::Event(Box::new(event)));
                if last {
                    return Ended::Final;
                }
            }
            Err(err) => leptos::logging::warn!("unreadable {kind} event: {err}"),
        }
    }
    Ended::Failed
}

/// Resolves after `wait`.
async fn sleep(wait: Duration) {
    let (done, fired) = oneshot::channel();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        wait,
    );
    let _ = fired.await;
}
