//! What processes tell each other through PostgreSQL's `NOTIFY` on one channel: the queue
//! changed, a job's event (with the id its stream gives it), a job completed. Payloads stay
//! under PostgreSQL's 8 000-byte limit: a completion carries only the job id (the report is
//! read from the database), and an event too large to send is left out (progress and partial
//! statistics are states the next event replaces).
//!
//! Event ids are the same on every instance: the worker's sequence number within the job's
//! current attempt, above every id of earlier attempts and of the queued phase before it.

use crate::model::StreamEvent;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

/// The one `LISTEN`/`NOTIFY` channel.
pub const CHANNEL: &str = "rotasim_events";

/// PostgreSQL refuses payloads of 8 000 bytes or more.
pub const MAX_PAYLOAD: usize = 7_900;

/// Ids per attempt of a job: attempt `a`'s events are numbered from `a × STRIDE`.
pub const STRIDE: u64 = 1 << 20;

/// Queued-position events before attempt `a + 1` are numbered from `a × STRIDE + QUEUED_OFFSET`,
/// after the events of attempt `a` and before those of the next.
pub const QUEUED_OFFSET: u64 = 1 << 19;

/// The id from which a job's running events are numbered, once it has had `attempts` starts.
pub fn running_base(attempts: i32) -> u64 {
    attempts.max(0) as u64 * STRIDE
}

/// The lowest id of a queued-position event of a job that has had `attempts` starts.
pub fn queued_base(attempts: i32) -> u64 {
    running_base(attempts) + QUEUED_OFFSET
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "camelCase")]
pub enum Notice {
    /// A job was queued, claimed, cancelled or re-queued: workers look for work, web
    /// instances announce new queue positions.
    Queue,
    /// An event of a job's stream (a terminal `cancelled` also stops the worker running it).
    Event {
        /// The job.
        job: String,
        /// Its id in every instance's stream.
        id: u64,
        /// The event.
        event: Box<StreamEvent>,
    },
    /// The job completed: its result is in the database.
    Done {
        /// The job.
        job: String,
    },
}

impl Notice {
    /// The payload, or `None` when it would not fit (see the module docs).
    pub fn payload(&self) -> Option<String> {
        let text = serde_json::to_string(self).ok()?;
        (text.len() <= MAX_PAYLOAD).then_some(text)
    }

    /// Reads a payload; `None` for one this version does not know.
    pub fn parse(payload: &str) -> Option<Notice> {
        serde_json::from_str(payload).ok()
    }

    /// The notice to send for `event` of `job`: a completion becomes [`Notice::Done`], an error
    /// message too long to send is shortened.
    pub fn for_event(job: &str, id: u64, event: StreamEvent) -> Notice {
        match event {
            StreamEvent::Complete { .. } => Notice::Done {
                job: job.to_string(),
            },
            StreamEvent::Error { message, code } if message.len() > 1_000 => {
                let cut = (0..=1_000).rev().find(|&i| message.is_char_boundary(i));
                Notice::Event {
                    job: job.to_string(),
                    id,
                    event: Box::new(StreamEvent::Error {
                        message: message[..cut.unwrap_or(0)].to_string(),
                        code,
                    }),
                }
            }
            event => Notice::Event {
                job: job.to_string(),
                id,
                event: Box::new(event),
            },
        }
    }
}

/// Sends `notice` to every listening process. A notice too large to send is skipped (false).
pub async fn send(pool: &PgPool, notice: &Notice) -> Result<bool, sqlx::Error> {
    let Some(payload) = notice.payload() else {
        tracing::debug!("notification too large to send: skipped");
        return Ok(false);
    };
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(pool)
        .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ErrorCode;

    #[test]
    fn ids_of_later_attempts_and_phases_are_higher() {
        assert!(queued_base(0) < running_base(1) + 1);
        assert!(running_base(1) + (QUEUED_OFFSET - 1) < queued_base(1));
        assert!(queued_base(1) < running_base(2));
        assert!(queued_base(200) < crate::model::FINAL_EVENT_ID);
    }

    #[test]
    fn notices_round_trip_and_stay_small() {
        let n = Notice::for_event(
            "job-1",
            7,
            StreamEvent::Progress {
                current: 1,
                total: 2,
                percentage: 50,
            },
        );
        assert_eq!(Notice::parse(&n.payload().unwrap()), Some(n));
        assert_eq!(
            Notice::parse(&Notice::Queue.payload().unwrap()),
            Some(Notice::Queue)
        );
        assert_eq!(Notice::parse("{\"k\":\"future\"}"), None);
        let long = Notice::for_event(
            "job-1",
            crate::model::FINAL_EVENT_ID,
            StreamEvent::Error {
                message: "é".repeat(20_000),
                code: ErrorCode::ExecutionFailed,
            },
        );
        assert!(long.payload().unwrap().len() < MAX_PAYLOAD);
    }
}
