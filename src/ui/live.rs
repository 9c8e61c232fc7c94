//! A job's event stream in the browser: one `EventSource`, its events handed to a callback,
//! the browser's own reconnection reported, and at most three reconnections of ours (with
//! backoff) when the browser gives up. Closed after a final event or when dropped.

use crate::model::StreamEvent;
use leptos::prelude::*;
use std::{cell::RefCell, rc::Rc, time::Duration};
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{EventSource, MessageEvent};

/// Our own reconnection attempts after the browser's have failed.
const MAX_RETRIES: u32 = 3;
const EVENTS: [&str; 7] = [
    "connected",
    "queued",
    "progress",
    "partial",
    "complete",
    "error",
    "cancelled",
];

/// What the watcher reports.
#[derive(Debug, Clone)]
pub enum LiveMsg {
    /// An event of the job.
    Event(StreamEvent),
    /// The connection dropped; reconnecting.
    Reconnecting,
    /// The connection is (again) open.
    Open,
    /// The connection could not be restored.
    Lost,
}

type Listener = Closure<dyn FnMut(web_sys::Event)>;

struct Inner {
    url: String,
    on: Box<dyn Fn(LiveMsg)>,
    es: RefCell<Option<EventSource>>,
    listeners: RefCell<Vec<(&'static str, Listener)>>,
    retries: RefCell<u32>,
    done: RefCell<bool>,
}

/// A live subscription; closing it (or dropping it) ends the connection.
pub struct Watch(Rc<Inner>);

impl Watch {
    /// Opens `url` and reports to `on`.
    pub fn open(url: String, on: impl Fn(LiveMsg) + 'static) -> Watch {
        let inner = Rc::new(Inner {
            url,
            on: Box::new(on),
            es: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            retries: RefCell::new(0),
            done: RefCell::new(false),
        });
        connect(&inner);
        Watch(inner)
    }

    /// Ends the connection for good.
    pub fn close(&self) {
        *self.0.done.borrow_mut() = true;
        disconnect(&self.0);
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.close();
    }
}

fn disconnect(inner: &Inner) {
    if let Some(es) = inner.es.borrow_mut().take() {
        for (name, l) in inner.listeners.borrow().iter() {
            let _ = es.remove_event_listener_with_callback(name, l.as_ref().unchecked_ref());
        }
        es.close();
    }
    inner.listeners.borrow_mut().clear();
}

fn connect(inner: &Rc<Inner>) {
    let Ok(es) = EventSource::new(&inner.url) else {
        (inner.on)(LiveMsg::Lost);
        return;
    };
    let mut listeners: Vec<(&'static str, Listener)> = Vec::new();
    for name in EVENTS {
        let weak = Rc::downgrade(inner);
        let l = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            match e
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            {
                Some(data) => match serde_json::from_str::<StreamEvent>(&data) {
                    Ok(event) => {
                        let terminal = event.is_terminal();
                        (inner.on)(LiveMsg::Event(event));
                        if terminal {
                            // A final event: stop the browser from reconnecting.
                            *inner.done.borrow_mut() = true;
                            disconnect(&inner);
                        }
                    }
                    Err(err) => leptos::logging::warn!("unreadable {name} event: {err}"),
                },
                // The `error` type without data is the connection failing, not the job.
                None => on_connection_error(&inner),
            }
        });
        listeners.push((name, l));
    }
    let weak = Rc::downgrade(inner);
    let open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        if let Some(inner) = weak.upgrade() {
            *inner.retries.borrow_mut() = 0;
            (inner.on)(LiveMsg::Open);
        }
    });
    listeners.push(("open", open));
    for (name, l) in &listeners {
        let _ = es.add_event_listener_with_callback(name, l.as_ref().unchecked_ref());
    }
    *inner.listeners.borrow_mut() = listeners;
    *inner.es.borrow_mut() = Some(es);
}

fn on_connection_error(inner: &Rc<Inner>) {
    if *inner.done.borrow() {
        return;
    }
    let state = inner
        .es
        .borrow()
        .as_ref()
        .map(|es| es.ready_state())
        .unwrap_or(EventSource::CLOSED);
    if state == EventSource::CONNECTING {
        // The browser retries by itself.
        (inner.on)(LiveMsg::Reconnecting);
        return;
    }
    disconnect(inner);
    let attempt = *inner.retries.borrow();
    if attempt >= MAX_RETRIES {
        *inner.done.borrow_mut() = true;
        (inner.on)(LiveMsg::Lost);
        return;
    }
    *inner.retries.borrow_mut() = attempt + 1;
    (inner.on)(LiveMsg::Reconnecting);
    let weak = Rc::downgrade(inner);
    let wait = Duration::from_millis(1000 << attempt);
    set_timeout(
        move || {
            if let Some(inner) = weak.upgrade() {
                if !*inner.done.borrow() {
                    connect(&inner);
                }
            }
        },
        wait,
    );
}
