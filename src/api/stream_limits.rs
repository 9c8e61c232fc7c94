//! Per-client caps on open streams, the stream settings, and the shutdown signal that ends
//! every stream: web-only state kept in the router's state.

use crate::settings::PortalSettings;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::sync::watch;

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

/// Reconnection delay suggested to clients when a stream ends before its job.
const RETRY: Duration = Duration::from_secs(2);

impl From<&PortalSettings> for StreamConfig {
    fn from(p: &PortalSettings) -> Self {
        StreamConfig {
            heartbeat: Duration::from_secs(p.sse_heartbeat_secs),
            max_duration: Duration::from_secs(p.sse_max_secs),
            max_per_client: p.max_streams_per_client,
            retry: RETRY,
        }
    }
}

impl Default for StreamConfig {
    /// The settings' defaults.
    fn default() -> Self {
        StreamConfig::from(&PortalSettings::default())
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

    /// One of `client`'s stream slots, `None` when it has the most open already.
    pub fn acquire(self: &Arc<Self>, client: &str) -> Option<StreamSlot> {
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

    /// Resolves-on-change receiver of the shutdown signal, for a stream to end with.
    pub fn on_shutdown(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Ends every stream (graceful shutdown); clients reconnect to the next process.
    pub fn shut_down(&self) {
        let _ = self.shutdown.send(true);
    }
}
