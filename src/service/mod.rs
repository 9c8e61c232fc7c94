//! The service layer: the one implementation of every use case, called by the REST handlers and
//! the Leptos server functions alike. It takes [`Services`] and a [`Caller`] and knows no HTTP.

pub mod caller;
pub mod characters;
pub mod compare;
pub mod error;
pub mod json;
pub mod rotations;
pub mod shares;
pub mod simulations;
pub mod specs;
pub mod status;
pub mod streams;

pub use caller::{Caller, ProfileLink};
pub use error::ServiceError;

use crate::{db::Db, jobs::JobManager, ratelimit::RateLimiter};
use rotasim_engine::Catalog;
use std::sync::Arc;

/// What the use cases work with; cheap to clone.
#[derive(Clone, Debug)]
pub struct Services {
    /// The database.
    pub db: Db,
    /// The engine's specs.
    pub catalog: Arc<Catalog>,
    /// The job queue and workers.
    pub jobs: JobManager,
    /// The job-submission rate limit (in-process, or shared through Redis).
    pub limiter: RateLimiter,
}
