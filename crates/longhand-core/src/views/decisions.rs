//! The decision log's read models: a decision record as the log shows it (its status as the
//! other records leave it, its supersede links in both directions), one decision with where
//! it was decided and the review it was published from, a page of the log, and a feed of new
//! and changed decisions.

use super::documents::DocumentRecord;
use super::reviews::{ParticipantRecord, QuestionRecord, RoundRecord, TieBreakRecord};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// One decision record, as one reader sees it in the log.
#[derive(Debug, Clone)]
pub struct Decision {
    pub doc: DocumentRecord,
    /// The status it reads: `superseded` when another record supersedes an accepted one,
    /// whichever side stated it (`longhand_domain::decisions::effective_status`); else `doc.status`.
    pub status: String,
    /// The decision date (the `date` field), when it is a date.
    pub date: Option<Date>,
    pub deciders: Vec<String>,
    /// `reversible` or `irreversible`, when stated.
    pub reversibility: Option<String>,
    /// The irreversible category (`financial`, `compliance`…), when stated.
    pub category: Option<String>,
    pub review_date: Option<Date>,
    /// The records this one replaces: those its `supersedes` field names, and those whose
    /// `superseded_by` names it.
    pub supersedes: Vec<DecisionLink>,
    /// The records that replace this one: those its `superseded_by` field names, and those
    /// whose `supersedes` names it.
    pub superseded_by: Vec<DecisionLink>,
}

/// One end of a supersede relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionLink {
    /// The reference as this record's field writes it; `None` when only the other record
    /// states the relation.
    pub written: Option<String>,
    /// The record it names, when it names one the reader may read.
    pub target: Option<LinkedDecision>,
}

impl DecisionLink {
    /// The other record's slug, or the reference as written when it names none.
    pub fn label(&self) -> &str {
        match (&self.target, &self.written) {
            (Some(target), _) => &target.slug,
            (None, Some(written)) => written,
            (None, None) => "",
        }
    }
}

/// The record at the other end of a supersede relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedDecision {
    pub slug: String,
    pub title: String,
    /// Its status as the log shows it.
    pub status: String,
}

/// What kind of place a decision was made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A document of this workspace, usually the proposal (RFC) the decision closes.
    Proposal,
    /// The thread it was elevated from.
    Thread,
    /// The planned meeting whose outcome recorded it.
    Meeting,
    /// An address elsewhere: an incident, a ticket.
    Link,
    /// Words naming no place Longhand can link to, kept as written.
    Text,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Proposal => "proposal",
            SourceKind::Thread => "thread",
            SourceKind::Meeting => "meeting",
            SourceKind::Link => "link",
            SourceKind::Text => "text",
        }
    }
}

/// Where a decision was made, resolved for one reader: what it is, what to call it, and where
/// it is (`None` for words that name no place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionSource {
    pub kind: SourceKind,
    pub label: String,
    /// A path in this workspace (`/threads/12`) or an `http(s)` address.
    pub href: Option<String>,
}

/// One decision with what its page shows besides the log's columns.
#[derive(Debug, Clone)]
pub struct DecisionDetail {
    pub decision: Decision,
    pub source: Option<DecisionSource>,
    /// The review the record was published from; `None` for a record written, elevated,
    /// recorded or imported some other way (or whose proposal the reader may not read).
    pub review: Option<ReviewHistory>,
    /// The body, rendered through `render::to_html`.
    pub html: String,
}

/// The rounds of review that led to a decision record: those of its proposal from the first
/// after any earlier decision up to the round it was published from.
#[derive(Debug, Clone)]
pub struct ReviewHistory {
    /// The proposal's slug and title.
    pub proposal_slug: String,
    pub proposal_title: String,
    /// First to last; the last is the round the record was published from.
    pub rounds: Vec<ReviewedRound>,
}

impl ReviewHistory {
    /// The round the record was published from.
    pub fn published_from(&self) -> Option<&ReviewedRound> {
        self.rounds.last()
    }
}

/// One round of that review, as it ended.
#[derive(Debug, Clone)]
pub struct ReviewedRound {
    pub round: RoundRecord,
    /// The window as people read it: "3 business days".
    pub window_label: String,
    /// The round owner's zone: a file written for everyone states its times in it.
    pub owner_zone: TimeZone,
    pub participants: Vec<ParticipantRecord>,
    pub questions: Vec<QuestionRecord>,
    pub tie_break: Option<TieBreakRecord>,
}

/// A page of the log, newest decision first.
#[derive(Debug, Clone)]
pub struct DecisionPage {
    pub items: Vec<Decision>,
    /// How many decisions match the filters, on every page.
    pub total: usize,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

impl DecisionPage {
    /// How many pages the matching decisions fill (at least one).
    pub fn pages(&self) -> usize {
        self.total.div_ceil(self.per_page).max(1)
    }
}

/// The new and changed decisions of a space, or of the workspace, latest change first.
#[derive(Debug, Clone)]
pub struct DecisionFeed {
    /// The space's slug and name; `None` for the workspace's feed.
    pub space: Option<(String, String)>,
    pub entries: Vec<Decision>,
    /// When the feed last changed: the latest entry's change.
    pub updated: Option<Timestamp>,
}
