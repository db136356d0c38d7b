//! What a recurring meeting is for: `update`, `decision`, `relationship` or `work session`,
//! decided by rules a reader can check from the reason text.
//!
//! The rules, first match wins:
//! 1. An override from the caller (a map series → purpose).
//! 2. A keyword in the title, matched as whole words ignoring case and punctuation, with an
//!    optional plural "s": relationship words first (`1:1`, `one on one`, `coffee`, `social`),
//!    then work-session words (`pairing`, `workshop`, `working session`, `mob`), then decision
//!    words (`review`, `decide`, `planning`, `approval`), then update words (`standup`, `sync`,
//!    `status`, `update`). The order puts the most specific words first: "Design review sync"
//!    is a decision, "1:1 sync" a relationship.
//! 3. Without a keyword, the shape: two people → relationship; 90 minutes or longer → work
//!    session; daily, or eight people or more → update; anything else → decision.

use super::cadence::Cadence;

/// The purpose of a recurring meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// Conveys status or information one way.
    Update,
    /// Converges on a decision.
    Decision,
    /// Builds the relationship (1:1s, coffee).
    Relationship,
    /// Does the work together (pairing, workshops).
    WorkSession,
}

impl Purpose {
    /// The lower-case label, e.g. `work session`.
    pub fn label(&self) -> &'static str {
        match self {
            Purpose::Update => "update",
            Purpose::Decision => "decision",
            Purpose::Relationship => "relationship",
            Purpose::WorkSession => "work session",
        }
    }

    /// Reads a label (`update`, `decision`, `relationship`, `work session` or
    /// `work-session`/`work_session`), ignoring case.
    pub fn parse(raw: &str) -> Option<Purpose> {
        let key = raw.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        [
            Purpose::Update,
            Purpose::Decision,
            Purpose::Relationship,
            Purpose::WorkSession,
        ]
        .into_iter()
        .find(|p| p.label() == key)
    }
}

/// Title keywords in the order they are tried.
const KEYWORDS: &[(&str, Purpose)] = &[
    ("1:1", Purpose::Relationship),
    ("1-on-1", Purpose::Relationship),
    ("one on one", Purpose::Relationship),
    ("coffee", Purpose::Relationship),
    ("social", Purpose::Relationship),
    ("pairing", Purpose::WorkSession),
    ("workshop", Purpose::WorkSession),
    ("working session", Purpose::WorkSession),
    ("mob", Purpose::WorkSession),
    ("mobbing", Purpose::WorkSession),
    ("review", Purpose::Decision),
    ("decide", Purpose::Decision),
    ("decision", Purpose::Decision),
    ("planning", Purpose::Decision),
    ("approval", Purpose::Decision),
    ("standup", Purpose::Update),
    ("stand-up", Purpose::Update),
    ("sync", Purpose::Update),
    ("status", Purpose::Update),
    ("update", Purpose::Update),
];

/// The measurable shape of a series: typical size and length, and how often it meets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    /// The typical number of participants (the median over occurrences).
    pub attendees: usize,
    /// The typical length in minutes (the median over occurrences).
    pub minutes: i64,
    /// How often it meets.
    pub cadence: Cadence,
}

const LONG_MINUTES: i64 = 90;
const LARGE_GROUP: usize = 8;

/// The purpose of a series from its title and shape, with the reason, e.g.
/// "title mentions 'standup'; 8 attendees; 15 min; daily".
pub(crate) fn classify(title: &str, shape: &Shape) -> (Purpose, String) {
    let (purpose, why) = match keyword(title) {
        Some((word, purpose)) => (purpose, format!("title mentions '{word}'")),
        None => by_shape(shape),
    };
    (purpose, format!("{why}; {}", describe(shape)))
}

/// "8 attendees; 15 min; daily".
pub(crate) fn describe(shape: &Shape) -> String {
    format!(
        "{} attendees; {} min; {}",
        shape.attendees,
        shape.minutes,
        shape.cadence.label()
    )
}

fn by_shape(shape: &Shape) -> (Purpose, String) {
    let none = "no purpose keyword in the title";
    if shape.attendees == 2 {
        return (Purpose::Relationship, format!("{none}, two people"));
    }
    if shape.minutes >= LONG_MINUTES {
        return (
            Purpose::WorkSession,
            format!("{none}, 90 minutes or longer"),
        );
    }
    if shape.cadence == Cadence::Daily || shape.attendees >= LARGE_GROUP {
        return (Purpose::Update, format!("{none}, daily or 8+ people"));
    }
    (Purpose::Decision, format!("{none}, small group"))
}

/// The first keyword found in the title, as written in the table.
fn keyword(title: &str) -> Option<(&'static str, Purpose)> {
    let words = format!(" {} ", normalise(title));
    KEYWORDS.iter().copied().find(|(word, _)| {
        let word = normalise(word);
        words.contains(&format!(" {word} ")) || words.contains(&format!(" {word}s "))
    })
}

/// Lower-case words separated by single spaces; punctuation separates words, so "1:1"
/// becomes "1 1" on both sides of the comparison.
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase();
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(attendees: usize, minutes: i64, cadence: Cadence) -> Shape {
        Shape {
            attendees,
            minutes,
            cadence,
        }
    }

    fn check(title: &str, shape: Shape, purpose: Purpose, reason: &str) {
        assert_eq!(
            classify(title, &shape),
            (purpose, reason.to_owned()),
            "{title}"
        );
    }

    #[test]
    fn keywords_then_shape() {
        use Cadence::{Daily, Weekly};
        use Purpose::*;
        let cases = [
            (
                "Team Standup",
                shape(8, 15, Daily),
                Update,
                "title mentions 'standup'; 8 attendees; 15 min; daily",
            ),
            (
                "Stand-ups",
                shape(4, 15, Daily),
                Update,
                "title mentions 'stand-up'; 4 attendees; 15 min; daily",
            ),
            (
                "Design review sync",
                shape(5, 60, Weekly),
                Decision,
                "title mentions 'review'; 5 attendees; 60 min; weekly",
            ),
            (
                "Ana / Ben 1:1 sync",
                shape(2, 30, Weekly),
                Relationship,
                "title mentions '1:1'; 2 attendees; 30 min; weekly",
            ),
            (
                "Sprint Planning",
                shape(6, 60, Weekly),
                Decision,
                "title mentions 'planning'; 6 attendees; 60 min; weekly",
            ),
            (
                "Mob programming",
                shape(4, 120, Weekly),
                WorkSession,
                "title mentions 'mob'; 4 attendees; 120 min; weekly",
            ),
            (
                "Mobile release",
                shape(4, 30, Weekly),
                Decision,
                "no purpose keyword in the title, small group; 4 attendees; 30 min; weekly",
            ),
            (
                "Catch-up",
                shape(2, 30, Weekly),
                Relationship,
                "no purpose keyword in the title, two people; 2 attendees; 30 min; weekly",
            ),
            (
                "Architecture",
                shape(5, 120, Weekly),
                WorkSession,
                "no purpose keyword in the title, 90 minutes or longer; 5 attendees; 120 min; weekly",
            ),
            (
                "All hands",
                shape(40, 60, Weekly),
                Update,
                "no purpose keyword in the title, daily or 8+ people; 40 attendees; 60 min; weekly",
            ),
        ];
        for (title, shape, purpose, reason) in cases {
            check(title, shape, purpose, reason);
        }
    }

    #[test]
    fn labels_round_trip() {
        for p in [
            Purpose::Update,
            Purpose::Decision,
            Purpose::Relationship,
            Purpose::WorkSession,
        ] {
            assert_eq!(Purpose::parse(p.label()), Some(p));
        }
        assert_eq!(Purpose::parse("Work-Session"), Some(Purpose::WorkSession));
        assert_eq!(Purpose::parse("chat"), None);
    }
}
