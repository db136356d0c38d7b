//! A decision page's "Review history": the rounds of the proposal the record was published
//! from, in the viewer's zone — each with its window, who was asked, their verdicts and
//! reasons, the open questions, the DRI's tie-break and how it ended.

use crate::reviews::{PersonRow, state_badge};
use jiff::tz::TimeZone;
use longhand_core::ops::decisions::round_ending;
use longhand_core::views::decisions::{ReviewHistory, ReviewedRound};
use longhand_core::views::reviews::{ParticipantRecord, QuestionRecord};
use longhand_core::wording::when_dated;
use longhand_domain::reviews::Reversibility;

/// The section as the page shows it.
pub(crate) struct HistorySection {
    pub(crate) proposal_slug: String,
    pub(crate) proposal_title: String,
    /// The round the record was published from.
    pub(crate) published_from: i64,
    pub(crate) rounds: Vec<HistoryRound>,
}

/// One round.
pub(crate) struct HistoryRound {
    pub(crate) number: i64,
    pub(crate) state: &'static str,
    pub(crate) badge: &'static str,
    pub(crate) outcome: Option<&'static str>,
    pub(crate) window: String,
    pub(crate) opened: String,
    pub(crate) stakes: String,
    pub(crate) ending: String,
    pub(crate) people: Vec<PersonRow>,
    pub(crate) questions: Vec<HistoryQuestion>,
    pub(crate) tie_break: Option<String>,
}

/// A question raised during the round.
pub(crate) struct HistoryQuestion {
    pub(crate) question: String,
    pub(crate) raised_by: String,
    pub(crate) deadline: String,
    /// The answer and who gave it.
    pub(crate) answer: Option<(String, String)>,
    pub(crate) expired: bool,
}

/// The section for a viewer in `zone`.
pub(crate) fn section(review: &ReviewHistory, zone: &TimeZone) -> HistorySection {
    HistorySection {
        proposal_slug: review.proposal_slug.clone(),
        proposal_title: review.proposal_title.clone(),
        published_from: review.published_from().map_or(0, |r| r.round.number),
        rounds: review.rounds.iter().map(|r| round(r, zone)).collect(),
    }
}

fn round(reviewed: &ReviewedRound, zone: &TimeZone) -> HistoryRound {
    let r = &reviewed.round;
    let stakes = match (r.reversibility, &r.category) {
        (Reversibility::Irreversible, Some(c)) => format!("irreversible ({c})"),
        (Reversibility::Reversible, Some(c)) => format!("reversible ({c})"),
        (reversibility, None) => reversibility.as_str().to_owned(),
    };
    HistoryRound {
        number: r.number,
        state: r.state.as_str(),
        badge: state_badge(r.state),
        outcome: r.outcome.map(|o| o.as_str()),
        window: reviewed.window_label.clone(),
        opened: when_dated(r.opened_at, zone),
        stakes,
        ending: round_ending(r, zone),
        people: reviewed
            .participants
            .iter()
            .map(|p| person(p, zone))
            .collect(),
        questions: reviewed
            .questions
            .iter()
            .map(|q| question(q, zone))
            .collect(),
        tie_break: reviewed.tie_break.as_ref().map(|t| {
            format!(
                "{} (@{}), the team's DRI, broke the tie: {} — {}",
                t.dri_name,
                t.dri_handle,
                t.outcome.as_str(),
                t.reason
            )
        }),
    }
}

/// The Review section's row, worded for a round that is over: nobody is "yet" to answer.
fn person(p: &ParticipantRecord, zone: &TimeZone) -> PersonRow {
    let mut row = crate::reviews::person(p, zone);
    if p.verdict.is_none() {
        row.verdict = "no verdict";
    }
    row
}

fn question(q: &QuestionRecord, zone: &TimeZone) -> HistoryQuestion {
    HistoryQuestion {
        question: q.question.clone(),
        raised_by: q.raised_by_handle.clone(),
        deadline: when_dated(q.deadline, zone),
        answer: q.answer.clone().map(|answer| {
            let by = q.answered_by_handle.clone().unwrap_or_default();
            (answer, by)
        }),
        expired: q.expired_at.is_some() && q.answer.is_none(),
    }
}
