//! Where a job's event stream starts: live from its channel in this process, or — for a job
//! that has ended, perhaps in an earlier process — from its final event in the database.

pub use crate::jobs::pubsub::{JobChannel, Sequenced, Subscription};

use crate::{
    model::{ErrorCode, JobRecord, JobStatus, StreamEvent},
    service::{simulations, Caller, ServiceError, Services},
};
use std::sync::Arc;

/// The start of a stream.
// A few events per second per job: the partial statistics (the engine's DPS summary) travel
// inline rather than behind a box.
#[allow(clippy::large_enum_variant)]
pub enum StreamStart {
    /// The job has a live channel: its current state and live events follow.
    Live {
        /// The job's channel (its terminal event, should the subscriber lag).
        channel: Arc<JobChannel>,
        /// The subscription: a snapshot, then live events.
        subscription: Subscription,
    },
    /// The job has ended: its final event.
    Finished(StreamEvent),
    /// The job is queued or running but not tracked here yet (taken back after an outage, or
    /// by another start): the client is to reconnect shortly.
    NotYet,
}

/// The caller's job whose stream is asked for; someone else's is "not found".
pub async fn authorize(
    services: &Services,
    caller: &Caller,
    id: &str,
) -> Result<JobRecord, ServiceError> {
    simulations::owned(services, caller, id).await
}

/// Subscribes to the caller's `job` (from [`authorize`]), or reads its final event when it has
/// no live channel.
pub async fn start(services: &Services, caller: &Caller, job: &JobRecord) -> StreamStart {
    if let Some((channel, subscription)) = services.jobs.watch(job).await {
        return StreamStart::Live {
            channel,
            subscription,
        };
    }
    if matches!(job.status, JobStatus::Queued | JobStatus::Running) {
        return StreamStart::NotYet;
    }
    StreamStart::Finished(final_event(services, caller, job).await)
}

/// The final event of a job without a live channel.
async fn final_event(services: &Services, caller: &Caller, job: &JobRecord) -> StreamEvent {
    match job.status {
        JobStatus::Completed => match simulations::get(services, caller, &job.id).await {
            Ok(view) => match (view.result, view.result_id) {
                (Some(report), Some(rid)) => StreamEvent::complete(report, rid),
                _ => StreamEvent::Error {
                    message: "the stored result is unreadable".into(),
                    code: ErrorCode::ResultMissing,
                },
            },
            Err(e) => StreamEvent::Error {
                message: e.to_string(),
                code: e.code(),
            },
        },
        JobStatus::Cancelled => StreamEvent::Cancelled,
        JobStatus::Failed => StreamEvent::Error {
            message: job
                .error_message
                .clone()
                .unwrap_or_else(|| "Simulation failed".into()),
            code: job.error_code.unwrap_or(ErrorCode::Failed),
        },
        JobStatus::Queued | JobStatus::Running => StreamEvent::Error {
            message: "the job is not being tracked by this server; try again shortly".into(),
            code: ErrorCode::NotTracked,
        }, // (not reached: `start` answers `NotYet`)
    }
}
