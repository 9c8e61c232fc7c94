//! `LISTEN` on the cluster's channel, reconnecting with backoff. Each (re)connection is followed
//! by a re-read of the database (queue positions, jobs that ended meanwhile), so a stream never
//! waits for a notification sent while the listener was away.

use super::{
    events::{Notice, CHANNEL},
    Cluster,
};
use crate::{jobs::Inner, model::StreamEvent, settings::Role};
use sqlx::postgres::PgListener;
use std::{
    sync::{atomic::Ordering, Arc, Weak},
    time::Duration,
};

const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The listener's loop, for as long as the job manager lives.
pub(super) async fn run(inner: Weak<Inner>, cluster: Arc<Cluster>) {
    let mut backoff = FIRST_BACKOFF;
    let mut connected_before = false;
    loop {
        let mut listener = match connect(&cluster).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, retry_ms = backoff.as_millis() as u64, "cannot listen for cluster events");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        backoff = FIRST_BACKOFF;
        if connected_before {
            tracing::info!("listening for cluster events again");
        }
        connected_before = true;
        // Whatever was announced while nobody listened is read from the database.
        {
            let Some(inner) = inner.upgrade() else { return };
            cluster.wake.notify_waiters();
            inner.resync(&cluster).await;
        }
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    let Some(inner) = inner.upgrade() else { return };
                    match Notice::parse(n.payload()) {
                        Some(notice) => dispatch(&inner, &cluster, notice),
                        None => tracing::debug!("unknown cluster notification ignored"),
                    }
                }
                Ok(None) => {
                    tracing::warn!("cluster event listener lost its connection; reconnecting");
                    break;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cluster event listener failed; reconnecting");
                    break;
                }
            }
        }
    }
}

async fn connect(cluster: &Cluster) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(cluster.queue.pool()).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Acts on one notification.
fn dispatch(inner: &Arc<Inner>, cluster: &Arc<Cluster>, notice: Notice) {
    match notice {
        Notice::Queue => {
            cluster.wake.notify_waiters();
            if cluster.role != Role::Worker {
                inner.schedule_refresh(cluster);
            }
        }
        Notice::Event { job, id, event } => {
            if matches!(*event, StreamEvent::Cancelled) {
                // The worker running it stops within one engine chunk.
                let flag = inner.running.lock().expect("running").get(&job).cloned();
                if let Some(flag) = flag {
                    flag.store(true, Ordering::Release);
                    tracing::info!(job_id = %job, "job cancelled by another instance");
                }
            }
            if cluster.role == Role::Worker {
                return; // a worker's channels are its own jobs' sources, not relays
            }
            if let Some(channel) = inner.channel(&job) {
                let terminal = event.is_terminal();
                channel.publish_at(id, *event);
                if terminal {
                    inner.release(&job);
                }
            }
        }
        Notice::Done { job } => {
            if cluster.role == Role::Worker || inner.channel(&job).is_none() {
                return;
            }
            let inner = inner.clone();
            tokio::spawn(async move { inner.publish_stored_final(&job).await });
        }
    }
}
