//! An uploaded calendar and a member's subscribed calendar feed.

use crate::formats::calendar_problems::ProblemList;
use jiff::Timestamp;

/// An uploaded calendar, without its text.
#[derive(Debug, Clone)]
pub struct CalendarRecord {
    pub id: i64,
    pub name: String,
    pub uploaded_by: i64,
    pub uploader_handle: String,
    pub uploaded_at: Timestamp,
    pub bytes: i64,
    pub series: i64,
    pub skipped: i64,
    /// The member whose calendar it is; `None` when it is not one member's.
    pub owner_id: Option<i64>,
    pub owner_handle: Option<String>,
    /// What went wrong reading it; `None` for a calendar stored before problems were kept.
    pub problems: Option<ProblemList>,
}

/// A member's calendar feed, without the fetched text.
#[derive(Debug, Clone)]
pub struct FeedRecord {
    pub member_id: i64,
    pub handle: String,
    pub name: String,
    pub url: String,
    pub created_at: Timestamp,
    /// When the next fetch is due; a poll job for another instant is stale.
    pub next_poll_at: Timestamp,
    pub last_attempt_at: Option<Timestamp>,
    /// The last successful fetch.
    pub fetched_at: Option<Timestamp>,
    pub body_hash: Option<String>,
    pub bytes: Option<i64>,
    pub series: Option<i64>,
    /// Failed fetches since the last success.
    pub failures: i64,
    pub last_error: Option<String>,
    /// What went wrong reading the last fetched text (or the last refused one, when the
    /// fetch failed because nothing in it could be used); `None` before a fetch read any.
    pub problems: Option<ProblemList>,
}
