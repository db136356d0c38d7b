//! Jobs on the wire: the dead ones an admin looks at.

use longhand_core::views::jobs::DeadJob;
use serde::Serialize;
use utoipa::ToSchema;

/// A job given up on after too many failed attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadJobDto {
    pub id: i64,
    /// What the job does, e.g. `remind_ask`, `poll_calendar_feed`.
    #[schema(example = "remind_ask")]
    pub kind: String,
    pub attempts: i64,
    /// The error of the last attempt.
    pub last_error: Option<String>,
    pub created_at: String,
    pub dead_at: String,
}

impl From<DeadJob> for DeadJobDto {
    fn from(job: DeadJob) -> DeadJobDto {
        DeadJobDto {
            id: job.id,
            kind: job.kind,
            attempts: job.attempts,
            last_error: job.last_error,
            created_at: super::instant(job.created_at),
            dead_at: super::instant(job.dead_at),
        }
    }
}

/// The most recent dead jobs (at most 100), most recent first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadJobsDto {
    pub items: Vec<DeadJobDto>,
}
