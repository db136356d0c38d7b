//! Check-ins as stored: a team's schedule, one member's answer for a period, the blockers it
//! reported and the help it asked for.

use jiff::Timestamp;

/// A team's check-in schedule as stored (`cadence` `off`, `daily` or `weekly`).
#[derive(Debug, Clone)]
pub struct ScheduleRecord {
    pub team_id: i64,
    pub cadence: String,
    /// `mon` … `sun`: the weekly cadence's day (kept while the cadence is daily or off).
    pub weekday: String,
    /// `HH:MM`, read in each member's zone.
    pub local_time: String,
    pub escalate_after_minutes: i64,
    /// How many times the schedule was saved; prompt jobs carry it.
    pub version: i64,
    /// When the schedule took effect.
    pub since: Timestamp,
    pub updated_at: Timestamp,
}

/// One member's check-in for one period.
#[derive(Debug, Clone)]
pub struct CheckinRecord {
    pub id: i64,
    pub team_id: i64,
    pub member_id: i64,
    /// The member's local date of the prompt, `YYYY-MM-DD`.
    pub period_date: String,
    pub opens_at: Timestamp,
    pub due_at: Timestamp,
    pub done: String,
    pub next: String,
    pub note: String,
    /// First answered after the end of the working day.
    pub late: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A blocker, with the names a page shows.
#[derive(Debug, Clone)]
pub struct BlockerRecord {
    pub id: i64,
    pub team_id: i64,
    pub team_slug: String,
    pub team_name: String,
    pub checkin_id: i64,
    pub reporter_id: i64,
    pub reporter_handle: String,
    pub reporter_name: String,
    pub owner_id: i64,
    pub owner_handle: String,
    pub owner_name: String,
    pub body: String,
    /// `open`, `unblocked` or `wont_fix`.
    pub state: String,
    pub opened_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<i64>,
    pub resolution: String,
    /// The resolution time in the owner's business time, in seconds.
    pub business_seconds: Option<i64>,
    /// How many escalation steps fired.
    pub escalated: i64,
}

/// A help request of a check-in, and the ask it became.
#[derive(Debug, Clone)]
pub struct HelpRecord {
    pub checkin_id: i64,
    pub member_id: i64,
    pub handle: String,
    pub name: String,
    pub question: String,
    pub ask_id: i64,
}
