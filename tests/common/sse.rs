//! A small SSE client for tests: reads `event:`/`id:`/`data:` frames from a real HTTP stream.

use futures::StreamExt;
use std::time::Duration;

/// One parsed SSE frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// `event:` (empty for comments).
    pub event: String,
    /// `id:`.
    pub id: Option<u64>,
    /// `data:` parsed as JSON.
    pub data: serde_json::Value,
    /// A comment line (heartbeat) or `retry:` field.
    pub comment: Option<String>,
    /// The `retry:` field's milliseconds, when the frame has one.
    pub retry: Option<u64>,
}

/// An open stream.
pub struct SseStream {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    body: futures::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    buf: String,
}

impl SseStream {
    /// Opens `url` as the browser `client`, optionally resuming after `last_event_id`.
    pub async fn open(
        client: &reqwest::Client,
        url: &str,
        last_event_id: Option<u64>,
    ) -> SseStream {
        let mut req = client.get(url).header("accept", "text/event-stream");
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id.to_string());
        }
        let res = req.send().await.expect("stream request");
        SseStream {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: res.bytes_stream().boxed(),
            buf: String::new(),
        }
    }

    /// The next frame (comments included), or `None` when the stream ends or `wait` passes.
    pub async fn next_frame(&mut self, wait: Duration) -> Option<Frame> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let raw: String = self.buf.drain(..end + 2).collect();
                let mut f = Frame {
                    event: String::new(),
                    id: None,
                    data: serde_json::Value::Null,
                    comment: None,
                    retry: None,
                };
                let mut data = String::new();
                for line in raw.lines() {
                    if let Some(v) = line.strip_prefix(':') {
                        f.comment = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("event:") {
                        f.event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        f.id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    } else if let Some(v) = line.strip_prefix("retry:") {
                        f.retry = v.trim().parse().ok();
                        f.comment = Some(format!("retry {}", v.trim()));
                    }
                }
                if !data.is_empty() {
                    f.data = serde_json::from_str(&data).expect("data is JSON");
                }
                return Some(f);
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next())
                .await
                .ok()??
                .ok()?;
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next event frame, skipping comments.
    pub async fn next_event(&mut self, wait: Duration) -> Option<Frame> {
        loop {
            let f = self.next_frame(wait).await?;
            if !f.event.is_empty() {
                return Some(f);
            }
        }
    }

    /// Every event until the stream ends (or `wait` passes between two frames).
    pub async fn collect(&mut self, wait: Duration) -> Vec<Frame> {
        let mut out = Vec::new();
        while let Some(f) = self.next_event(wait).await {
            let terminal = matches!(f.event.as_str(), "complete" | "error" | "cancelled");
            out.push(f);
            if terminal {
                break;
            }
        }
        out
    }
}
