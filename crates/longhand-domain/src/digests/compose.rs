//! What goes into a person's digest (DESIGN.md §1 rule 6, issue #12 item 4): the rules that
//! turn what the application gathered for one person into groups of ranked, deduplicated
//! items, one link each.
//!
//! The application gathers *candidates* — unread notifications, open asks waiting on the
//! person, reviews closing soon without their verdict, decisions published since their last
//! digest, overdue asks they sent — already limited to what the person may read and still
//! needs. The rules here decide the rest:
//!
//! - **Only what is new.** Every candidate has a *key* naming the thing in its current state
//!   (`ask:12:open`, `ask:12:overdue`); a key a previous digest held is left out. An ask that
//!   became overdue since is new again; one that merely stayed open is not.
//! - **One item per subject.** Candidates about the same thing (the review ask, the review
//!   closing soon and the reminder notification about one proposal) become one item: the
//!   best-ranked one, carrying the keys and notification ids of the others, so none of them
//!   comes back in the next digest.
//! - **Grouped and ranked**, what waits on the person first: *Waiting on you* (overdue first,
//!   then by deadline), *Overdue asks you sent*, *Decisions*, *Updates* (newest first).
//! - A group shows at most [`MAX_PER_GROUP`] items and counts the rest; an empty digest is
//!   not sent.

use jiff::Timestamp;
use std::collections::HashMap;

/// The most items one group shows; the rest are counted and wait for the next digest.
pub const MAX_PER_GROUP: usize = 25;

/// Where a candidate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// An open ask the person is to answer.
    Ask,
    /// A review round closing soon without the person's verdict.
    Review,
    /// An overdue ask the person sent.
    SentAsk,
    /// A decision record published since the last digest.
    Decision,
    /// An unread notification.
    Notification,
}

impl Source {
    /// The group items from this source go into.
    pub fn group(self) -> Group {
        match self {
            Source::Ask | Source::Review => Group::WaitingOnYou,
            Source::SentAsk => Group::YouSent,
            Source::Decision => Group::Decisions,
            Source::Notification => Group::Updates,
        }
    }

    /// One textual form, for storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Ask => "ask",
            Source::Review => "review",
            Source::SentAsk => "sent_ask",
            Source::Decision => "decision",
            Source::Notification => "notification",
        }
    }

    /// Reads [`Source::as_str`]'s form back.
    pub fn parse(text: &str) -> Option<Source> {
        [
            Source::Ask,
            Source::Review,
            Source::SentAsk,
            Source::Decision,
            Source::Notification,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A digest's groups, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    WaitingOnYou,
    YouSent,
    Decisions,
    Updates,
}

impl Group {
    /// Every group, in order.
    pub const ALL: [Group; 4] = [
        Group::WaitingOnYou,
        Group::YouSent,
        Group::Decisions,
        Group::Updates,
    ];

    /// The heading people read.
    pub fn title(self) -> &'static str {
        match self {
            Group::WaitingOnYou => "Waiting on you",
            Group::YouSent => "Overdue asks you sent",
            Group::Decisions => "Decisions",
            Group::Updates => "Updates",
        }
    }

    /// One textual form, for storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::WaitingOnYou => "waiting_on_you",
            Group::YouSent => "you_sent",
            Group::Decisions => "decisions",
            Group::Updates => "updates",
        }
    }

    /// Reads [`Group::as_str`]'s form back.
    pub fn parse(text: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.as_str() == text)
    }
}

/// Something that may go into a digest, as the application gathered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub source: Source,
    /// The thing in its current state; a key a previous digest held is not new.
    pub key: String,
    /// What it is about (see [`subject_of_link`]); one item per subject.
    pub subject: String,
    pub title: String,
    /// One line of context: who, and when it is due.
    pub detail: String,
    /// The one in-app path the item links to.
    pub link: String,
    /// When an answer is due (asks, reviews); `None` for news.
    pub deadline: Option<Timestamp>,
    /// When it happened.
    pub at: Timestamp,
    /// The notifications this item covers; they are marked digested with it.
    pub notification_ids: Vec<i64>,
}

/// One line of a digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub source: Source,
    pub title: String,
    pub detail: String,
    pub link: String,
    pub deadline: Option<Timestamp>,
    pub at: Timestamp,
    /// Past its deadline when the digest was composed.
    pub overdue: bool,
    /// The keys of every candidate merged into this item.
    pub keys: Vec<String>,
    pub notification_ids: Vec<i64>,
}

/// A group with its items, best first, and how many more did not fit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub group: Group,
    pub items: Vec<Item>,
    pub more: usize,
}

/// A composed digest: its non-empty groups, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    pub sections: Vec<Section>,
}

impl Digest {
    /// Nothing to send.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// Every shown item, group by group.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// The keys the shown items stand for: recorded, so the next digest leaves them out.
    pub fn keys(&self) -> Vec<String> {
        self.items().flat_map(|i| i.keys.iter().cloned()).collect()
    }

    /// The notifications the shown items cover.
    pub fn notification_ids(&self) -> Vec<i64> {
        self.items()
            .flat_map(|i| i.notification_ids.iter().copied())
            .collect()
    }

    /// A one-line summary for a mail subject: "2 waiting on you, 1 decision".
    pub fn headline(&self) -> String {
        let parts: Vec<String> = self
            .sections
            .iter()
            .map(|s| count_phrase(s.group, s.items.len() + s.more))
            .collect();
        if parts.is_empty() {
            "nothing new".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

fn count_phrase(group: Group, n: usize) -> String {
    let (one, many) = match group {
        Group::WaitingOnYou => ("waiting on you", "waiting on you"),
        Group::YouSent => ("overdue ask you sent", "overdue asks you sent"),
        Group::Decisions => ("decision", "decisions"),
        Group::Updates => ("update", "updates"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What an in-app link is about: `/asks/12` → `ask:12`; a document's pages and its decision
/// page (`/docs/x#review`, `/docs/x/rounds/1/synthesis`, `/decisions/x`) → `doc:x`;
/// `/threads/5` → `thread:5`; anything else is its own path.
pub fn subject_of_link(link: &str) -> String {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let first = |rest: &str| rest.split('/').next().unwrap_or_default().to_owned();
    if let Some(rest) = path.strip_prefix("/asks/") {
        format!("ask:{}", first(rest))
    } else if let Some(rest) = path
        .strip_prefix("/docs/")
        .or_else(|| path.strip_prefix("/decisions/"))
    {
        format!("doc:{}", first(rest))
    } else if let Some(rest) = path.strip_prefix("/threads/") {
        format!("thread:{}", first(rest))
    } else {
        path.to_owned()
    }
}

/// Composes a digest from candidates; `sent_before` says whether a key was in an earlier
/// digest. See the module documentation for the rules.
pub fn compose(
    candidates: Vec<Candidate>,
    sent_before: impl Fn(&str) -> bool,
    now: Timestamp,
) -> Digest {
    let fresh = candidates.into_iter().filter(|c| !sent_before(&c.key));
    let items = one_per_subject(fresh, now);
    let mut sections = Vec::new();
    for group in Group::ALL {
        let mut items: Vec<Item> = items
            .iter()
            .filter(|i| i.source.group() == group)
            .cloned()
            .collect();
        if items.is_empty() {
            continue;
        }
        items.sort_by_key(|item| rank(group, item));
        let more = items.len().saturating_sub(MAX_PER_GROUP);
        items.truncate(MAX_PER_GROUP);
        sections.push(Section { group, items, more });
    }
    Digest { sections }
}

/// The order within a group, smallest first: what waits on the person by urgency (overdue,
/// then soonest deadline, undated last), the rest newest first. The title breaks ties so the
/// order never depends on how the candidates arrived.
fn rank(group: Group, item: &Item) -> (bool, bool, i64, String) {
    match group {
        Group::WaitingOnYou | Group::YouSent => (
            !item.overdue,
            item.deadline.is_none(),
            item.deadline.map_or(0, |d| d.as_microsecond()),
            item.title.clone(),
        ),
        Group::Decisions | Group::Updates => {
            (false, false, -item.at.as_microsecond(), item.title.clone())
        }
    }
}

/// Merges the candidates of each subject into the best-ranked one.
fn one_per_subject(candidates: impl Iterator<Item = Candidate>, now: Timestamp) -> Vec<Item> {
    let mut by_subject: HashMap<String, Item> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for candidate in candidates {
        let subject = candidate.subject.clone();
        let item = to_item(candidate, now);
        match by_subject.remove(&subject) {
            None => {
                order.push(subject.clone());
                by_subject.insert(subject, item);
            }
            Some(kept) => {
                by_subject.insert(subject, merge(kept, item));
            }
        }
    }
    order
        .into_iter()
        .filter_map(|s| by_subject.remove(&s))
        .collect()
}

fn to_item(c: Candidate, now: Timestamp) -> Item {
    Item {
        source: c.source,
        overdue: c.deadline.is_some_and(|d| d <= now),
        title: c.title,
        detail: c.detail,
        link: c.link,
        deadline: c.deadline,
        at: c.at,
        keys: vec![c.key],
        notification_ids: c.notification_ids,
    }
}

/// The better of two items about one subject, holding both's keys and notifications.
fn merge(a: Item, b: Item) -> Item {
    let a_first = (a.source.group(), rank(a.source.group(), &a), a.source)
        <= (b.source.group(), rank(b.source.group(), &b), b.source);
    let (mut kept, other) = if a_first { (a, b) } else { (b, a) };
    kept.keys.extend(other.keys);
    kept.notification_ids.extend(other.notification_ids);
    kept
}
