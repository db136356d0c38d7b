//! Digests as the surfaces get them: a person's preview (what would be sent now, and when
//! the next one goes), a sent digest, and a team's digest page.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_domain::digests::Digest;

/// What a person's digest would hold if it went now, and when the next one goes.
#[derive(Debug, Clone)]
pub struct DigestPreview {
    /// The next scheduled digest; `None` when the person's calendar has no working day ahead.
    pub next_at: Option<Timestamp>,
    /// The person's zone, for writing instants.
    pub zone: TimeZone,
    /// Their chosen local time, `HH:MM`.
    pub digest_time: String,
    pub digest: Digest,
    /// The latest digests sent, newest first.
    pub recent: Vec<DigestSummary>,
}

/// A sent digest in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSummary {
    pub id: i64,
    /// The instant it was due.
    pub at: Timestamp,
    pub headline: String,
    pub item_count: i64,
}

/// One sent digest, as it was sent (less any item the reader may no longer open).
#[derive(Debug, Clone)]
pub struct SentDigest {
    pub id: i64,
    pub member_id: i64,
    pub at: Timestamp,
    pub sent_at: Timestamp,
    pub headline: String,
    pub zone: TimeZone,
    pub digest: Digest,
}

/// One line of a team digest: a title, one link, and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamLine {
    pub title: String,
    pub link: String,
    /// The person it is about (owner, responder).
    pub who: String,
    /// The instant it is about (decided, closes, was due).
    pub at: Timestamp,
}

/// A team's digest page: what the team decided, what closes soon and what is late.
#[derive(Debug, Clone)]
pub struct TeamDigest {
    pub slug: String,
    pub name: String,
    /// The viewer's zone, for writing instants.
    pub zone: TimeZone,
    /// Since when decisions are listed (seven days back).
    pub since: Timestamp,
    /// Decision records the team's people published in the last seven days, newest first.
    pub decisions: Vec<TeamLine>,
    /// Open review rounds of the team closing soon, soonest first.
    pub reviews: Vec<TeamLine>,
    /// Open asks waiting on the team's people past their due time, most overdue first.
    pub overdue_asks: Vec<TeamLine>,
}
