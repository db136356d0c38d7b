//! The review a decision record was published from, for its page, the API and the Markdown
//! export: the proposal's rounds that led to it, each with who was asked, what they said, the
//! questions, the tie-break and how it ended.
//!
//! A proposal may be decided more than once (a later round after a decided one leads to a new
//! record), so a record's history is the rounds after the proposal's previous decision up to
//! the round that published it — never a later record's rounds.
//!
//! The history is the proposal's to show: a reader who may read the record but not the
//! proposal sees no history, as a round is seen only by whoever may read its document.

use super::super::reviews::{load, zone_of};
use super::super::{OpResult, named};
use super::{Reader, viewer_id};
use crate::store::documents as store_docs;
use crate::store::reviews as store_reviews;
use crate::views::decisions::{ReviewHistory, ReviewedRound};
use crate::views::documents::DocumentRecord;
use crate::views::reviews::RoundRecord;
use crate::wording::when_dated;
use jiff::tz::TimeZone;
use longhand_domain::reviews::{RoundState, Window};
use sqlx::AnyConnection;

/// The review `record` was published from, if a round published it and the reader may read
/// its proposal.
pub(super) async fn of_record(
    conn: &mut AnyConnection,
    reader: Reader<'_>,
    record: &DocumentRecord,
) -> OpResult<Option<ReviewHistory>> {
    let Some(decided) = store_reviews::round_of_decision(conn, record.id).await? else {
        return Ok(None);
    };
    let proposal = store_docs::by_id(conn, viewer_id(reader), decided.document_id)
        .await
        .map_err(named("document"))?;
    if !reader.may_read(&proposal) {
        return Ok(None);
    }
    let all = store_reviews::rounds_of(conn, proposal.id).await?;
    let mut rounds = Vec::new();
    for round in leading_to(all, decided.number) {
        rounds.push(reviewed(conn, round).await?);
    }
    Ok(Some(ReviewHistory {
        proposal_slug: proposal.slug,
        proposal_title: proposal.title,
        rounds,
    }))
}

/// The rounds (first to last) that led to round `number`: those after the last round decided
/// before it, up to it.
fn leading_to(rounds: Vec<RoundRecord>, number: i64) -> Vec<RoundRecord> {
    let earlier_decision = rounds
        .iter()
        .filter(|r| r.number < number && r.state == RoundState::Decided)
        .map(|r| r.number)
        .max()
        .unwrap_or(0);
    rounds
        .into_iter()
        .filter(|r| r.number > earlier_decision && r.number <= number)
        .collect()
}

async fn reviewed(conn: &mut AnyConnection, round: RoundRecord) -> OpResult<ReviewedRound> {
    let owner_zone = zone_of(conn, round.owner_id).await?;
    let loaded = load(conn, round).await?;
    let window_label = Window::parse(&loaded.round.window)
        .map(|w| w.to_string())
        .unwrap_or_else(|_| loaded.round.window.clone());
    Ok(ReviewedRound {
        window_label,
        owner_zone,
        round: loaded.round,
        participants: loaded.participants,
        questions: loaded.questions,
        tie_break: loaded.tie_break,
    })
}

/// How a round ended, in `zone`, for people: "closed early on Thu 12 Mar 2026 09:00, once
/// everyone deciding had answered; decided on Thu 12 Mar 2026 10:00: accepted".
pub fn ending(round: &RoundRecord, zone: &TimeZone) -> String {
    let at = |t| when_dated(t, zone);
    let closed = match (round.closed_at, round.closed_early) {
        (None, _) => return format!("open; the window closes {}", at(round.closes_at)),
        (Some(t), true) => format!(
            "closed early on {}, once everyone deciding had answered",
            at(t)
        ),
        (Some(t), false) => format!("closed at the end of its window, {}", at(t)),
    };
    match (round.state, round.outcome, round.decided_at) {
        (RoundState::Decided, Some(outcome), Some(t)) => {
            format!("{closed}; decided on {}: {}", at(t), outcome.as_str())
        }
        (RoundState::Revised, ..) => {
            format!("{closed}; revised into round {}", round.number + 1)
        }
        _ => format!("{closed}; waiting for the owner to decide"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;
    use longhand_domain::reviews::{Outcome, Reversibility};

    fn round(number: i64, state: RoundState) -> RoundRecord {
        let at: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
        RoundRecord {
            id: number,
            document_id: 1,
            number,
            owner_id: 1,
            owner_handle: "ana".into(),
            owner_name: "Ana".into(),
            team_id: None,
            team_slug: None,
            state,
            reversibility: Reversibility::Reversible,
            category: None,
            window: "3d".into(),
            opened_at: at,
            closes_at: "2026-03-13T10:00:00Z".parse().unwrap(),
            closing_soon_at: None,
            closed_at: None,
            closed_early: false,
            decided_at: None,
            outcome: None,
            decision_id: None,
        }
    }

    fn check(states: &[RoundState], number: i64, expect: &[i64]) {
        let rounds = states
            .iter()
            .enumerate()
            .map(|(i, s)| round(i as i64 + 1, *s))
            .collect();
        let got: Vec<i64> = leading_to(rounds, number)
            .iter()
            .map(|r| r.number)
            .collect();
        assert_eq!(got, expect, "{states:?} up to round {number}");
    }

    #[test]
    fn a_records_history_is_the_rounds_since_the_previous_decision() {
        use RoundState::{Decided, Open, Revised};
        check(&[Decided], 1, &[1]);
        check(&[Revised, Revised, Decided], 3, &[1, 2, 3]);
        check(&[Revised, Decided, Open], 2, &[1, 2]);
        check(&[Decided, Revised, Decided], 3, &[2, 3]);
        check(&[Decided, Revised, Decided], 1, &[1]);
    }

    #[test]
    fn a_round_ends_in_words() {
        let zone = crate::tz::lookup("Europe/Berlin").unwrap();
        let mut r = round(1, RoundState::Open);
        assert_eq!(
            ending(&r, &zone),
            "open; the window closes Fri 13 Mar 2026 11:00"
        );
        r.state = RoundState::Closed;
        r.closed_at = Some("2026-03-13T10:00:00Z".parse().unwrap());
        assert_eq!(
            ending(&r, &zone),
            "closed at the end of its window, Fri 13 Mar 2026 11:00; waiting for the owner to decide"
        );
        r.state = RoundState::Revised;
        assert_eq!(
            ending(&r, &zone),
            "closed at the end of its window, Fri 13 Mar 2026 11:00; revised into round 2"
        );
        r.state = RoundState::Decided;
        r.closed_early = true;
        r.closed_at = Some("2026-03-12T08:00:00Z".parse().unwrap());
        r.decided_at = Some("2026-03-12T09:30:00Z".parse().unwrap());
        r.outcome = Some(Outcome::Accepted);
        assert_eq!(
            ending(&r, &zone),
            "closed early on Thu 12 Mar 2026 09:00, once everyone deciding had answered; decided on Thu 12 Mar 2026 10:30: accepted"
        );
    }
}
