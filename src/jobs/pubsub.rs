//! Per-job publish/subscribe: sequenced events, a snapshot of the latest state for late or
//! reconnecting subscribers, and subscriber counting so a finished job's channel can be dropped.

use crate::model::StreamEvent;
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc, Mutex,
};
use tokio::sync::broadcast;

/// An event with its sequence number (the SSE `id:`) and its JSON, serialised once for every
/// subscriber.
#[derive(Debug, Clone, PartialEq)]
pub struct Sequenced {
    /// Sequence number, increasing per job from 1.
    pub id: u64,
    /// The event.
    pub event: StreamEvent,
    /// `event` as JSON.
    pub json: Arc<str>,
}

#[derive(Debug, Default)]
struct Snapshot {
    seq: u64,
    queued: Option<Arc<Sequenced>>,
    progress: Option<Arc<Sequenced>>,
    partial: Option<Arc<Sequenced>>,
    terminal: Option<Arc<Sequenced>>,
}

/// One job's channel.
#[derive(Debug)]
pub struct JobChannel {
    snapshot: Mutex<Snapshot>,
    tx: broadcast::Sender<Arc<Sequenced>>,
    subscribers: AtomicUsize,
}

/// What a new subscriber starts from: the current state, then live events after it.
pub struct Subscription {
    /// Latest state events (queued or progress, partial, terminal), oldest first.
    pub snapshot: Vec<Arc<Sequenced>>,
    /// Live events with ids above the snapshot's.
    pub rx: broadcast::Receiver<Arc<Sequenced>>,
    /// The sequence number at subscription time.
    pub seq: u64,
    /// Decrements the subscriber count when dropped.
    pub guard: SubscriberGuard,
}

/// Counts a subscriber while alive.
pub struct SubscriberGuard {
    channel: Arc<JobChannel>,
    on_drop: Option<Box<dyn FnOnce() + Send + Sync>>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("seq", &self.seq)
            .finish()
    }
}

impl Drop for SubscriberGuard {
    fn drop(&mut self) {
        self.channel.subscribers.fetch_sub(1, Ordering::AcqRel);
        if let Some(f) = self.on_drop.take() {
            f();
        }
    }
}

impl JobChannel {
    /// A channel with room for `capacity` undelivered events per subscriber.
    pub fn new(capacity: usize) -> Arc<JobChannel> {
        let (tx, _) = broadcast::channel(capacity);
        Arc::new(JobChannel {
            snapshot: Mutex::new(Snapshot::default()),
            tx,
            subscribers: AtomicUsize::new(0),
        })
    }

    /// Publishes `event` with the next sequence number and remembers it as current state.
    pub fn publish(&self, event: StreamEvent) -> u64 {
        self.publish_at(0, event)
    }

    /// Publishes `event` with the next sequence number, or `min_id` when that is higher: events
    /// relayed from another process keep the ids their worker gave them, so every instance
    /// streams a job under the same ids.
    pub fn publish_at(&self, min_id: u64, event: StreamEvent) -> u64 {
        let mut s = self.snapshot.lock().expect("snapshot lock");
        if s.terminal.is_some() {
            return s.seq; // nothing follows a terminal event
        }
        s.seq = (s.seq + 1).max(min_id.min(crate::model::FINAL_EVENT_ID - 1));
        // Terminal events carry the highest possible id, live or replayed from the database, so a
        // client that has seen one never gets it again.
        let id = if event.is_terminal() {
            crate::model::FINAL_EVENT_ID
        } else {
            s.seq
        };
        let json: Arc<str> = serde_json::to_string(&event).unwrap_or_default().into();
        let ev = Arc::new(Sequenced { id, event, json });
        match &ev.event {
            StreamEvent::Queued { .. } => s.queued = Some(ev.clone()),
            StreamEvent::Progress { .. } => {
                s.queued = None;
                s.progress = Some(ev.clone());
            }
            StreamEvent::Partial { .. } => s.partial = Some(ev.clone()),
            e if e.is_terminal() => s.terminal = Some(ev.clone()),
            _ => {}
        }
        let id = ev.id;
        // Sent under the lock: a subscriber sees each event either in its snapshot or live, never both.
        let _ = self.tx.send(ev);
        id
    }

    /// Subscribes; `on_drop` runs when the subscriber goes away.
    pub fn subscribe(
        self: &Arc<Self>,
        on_drop: Option<Box<dyn FnOnce() + Send + Sync>>,
    ) -> Subscription {
        let s = self.snapshot.lock().expect("snapshot lock");
        let rx = self.tx.subscribe();
        self.subscribers.fetch_add(1, Ordering::AcqRel);
        let snapshot = [&s.queued, &s.progress, &s.partial, &s.terminal]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>();
        let mut snapshot = snapshot;
        snapshot.sort_by_key(|e| e.id);
        Subscription {
            snapshot,
            rx,
            seq: s.seq,
            guard: SubscriberGuard {
                channel: self.clone(),
                on_drop,
            },
        }
    }

    /// The terminal event, once published.
    pub fn terminal(&self) -> Option<Arc<Sequenced>> {
        self.snapshot
            .lock()
            .expect("snapshot lock")
            .terminal
            .clone()
    }

    /// The highest id published so far.
    pub fn last_id(&self) -> u64 {
        self.snapshot.lock().expect("snapshot lock").seq
    }

    /// The position of the latest `queued` event while the job has not started.
    pub fn queued_position(&self) -> Option<usize> {
        let s = self.snapshot.lock().expect("snapshot lock");
        match s.queued.as_deref().map(|e| &e.event) {
            Some(StreamEvent::Queued { position }) => Some(*position),
            _ => None,
        }
    }

    /// Live subscribers.
    pub fn subscribers(&self) -> usize {
        self.subscribers.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_and_live_events_never_overlap_and_stop_at_terminal() {
        let ch = JobChannel::new(16);
        ch.publish(StreamEvent::Queued { position: 2 });
        ch.publish(StreamEvent::Progress {
            current: 1,
            total: 10,
            percentage: 10,
        });
        let mut sub = ch.subscribe(None);
        assert_eq!(
            sub.snapshot.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![2]
        );
        ch.publish(StreamEvent::Progress {
            current: 2,
            total: 10,
            percentage: 20,
        });
        assert_eq!(sub.rx.try_recv().unwrap().id, 3);
        ch.publish(StreamEvent::Cancelled);
        ch.publish(StreamEvent::Progress {
            current: 3,
            total: 10,
            percentage: 30,
        });
        assert_eq!(sub.rx.try_recv().unwrap().event, StreamEvent::Cancelled);
        assert!(sub.rx.try_recv().is_err());
        assert_eq!(ch.subscribers(), 1);
        drop(sub);
        assert_eq!(ch.subscribers(), 0);
    }

    #[test]
    fn relayed_ids_are_kept_and_never_go_back() {
        let ch = JobChannel::new(16);
        assert_eq!(ch.publish_at(500, StreamEvent::Queued { position: 1 }), 500);
        assert_eq!(ch.queued_position(), Some(1));
        let progress = StreamEvent::Progress {
            current: 0,
            total: 10,
            percentage: 0,
        };
        assert_eq!(ch.publish_at(1000, progress.clone()), 1000);
        assert_eq!(ch.queued_position(), None);
        // A lower id (a late or duplicated relay) still moves forward.
        assert_eq!(ch.publish_at(7, progress), 1001);
        assert_eq!(ch.last_id(), 1001);
        assert_eq!(
            ch.publish_at(2000, StreamEvent::Cancelled),
            crate::model::FINAL_EVENT_ID
        );
    }
}
