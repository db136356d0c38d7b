//! Table tests of rounds: every transition of the state machine, verdicts, windows on a
//! business calendar, the decision rules and the synthesis.

use super::*;
use crate::calendar::{Calendar, TimeRange, WeeklyHours};
use jiff::Timestamp;
use jiff::civil::date;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn every_transition_of_a_round() {
    use RoundAction::{Close, Decide, Reopen, Revise};
    use RoundState::{Closed, Decided, Open, Revised};
    let check = |from: RoundState, action: RoundAction, expect: Result<RoundState, &str>| {
        let got = from.apply(action).map_err(|e| e.to_string());
        assert_eq!(got, expect.map_err(str::to_owned), "{from:?} {action:?}");
    };
    check(Open, Close, Ok(Closed));
    check(
        Open,
        Reopen,
        Err("a round that is open cannot be reopened; from open it can only be closed"),
    );
    check(
        Open,
        Decide,
        Err("a round that is open cannot be decided; from open it can only be closed"),
    );
    check(
        Open,
        Revise,
        Err("a round that is open cannot be revised; from open it can only be closed"),
    );
    let from_closed = "from closed it can only be reopened, decided or revised";
    check(
        Closed,
        Close,
        Err(&format!(
            "a round that is closed cannot be closed; {from_closed}"
        )),
    );
    check(Closed, Reopen, Ok(Open));
    check(Closed, Decide, Ok(Decided));
    check(Closed, Revise, Ok(Revised));
    for last in [Decided, Revised] {
        for action in [Close, Reopen, Decide, Revise] {
            let message = format!(
                "a round that is {} cannot be {}; from {} it can only be nothing: it is final",
                last.as_str(),
                action.done(),
                last.as_str()
            );
            check(last, action, Err(&message));
        }
    }
}

#[test]
fn states_and_verdicts_read_back_from_their_text() {
    for state in RoundState::ALL {
        assert_eq!(RoundState::parse(state.as_str()), Some(state));
    }
    for verdict in Verdict::ALL {
        assert_eq!(Verdict::parse(verdict.as_str()), Ok(verdict));
    }
    assert_eq!(
        Verdict::parse("Approve with comments"),
        Ok(Verdict::ApproveWithComments)
    );
    assert_eq!(
        Verdict::parse("lgtm").unwrap_err().to_string(),
        "unknown verdict \"lgtm\"; expected one of: approve, approve_with_comments, object, abstain"
    );
}

#[test]
fn an_objection_needs_a_reason_and_other_verdicts_may_have_one() {
    let check = |verdict: Verdict, reason: &str, expect: Result<Option<&str>, ReviewError>| {
        let expect = expect.map(|r| r.map(str::to_owned));
        assert_eq!(
            check_verdict(verdict, reason),
            expect,
            "{verdict:?} {reason:?}"
        );
    };
    check(Verdict::Object, "  ", Err(ReviewError::ReasonRequired));
    check(Verdict::Object, " Too costly. ", Ok(Some("Too costly.")));
    check(Verdict::Approve, "", Ok(None));
    check(Verdict::ApproveWithComments, "Nice", Ok(Some("Nice")));
    check(Verdict::Abstain, "", Ok(None));
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    check(
        Verdict::Approve,
        &long,
        Err(ReviewError::TooLong("the reason")),
    );
}

/// Monday to Friday, 09:00–17:00 in Berlin; Friday 3 April 2026 is a holiday.
fn berlin() -> Calendar {
    let day = || vec![TimeRange::parse("09:00-17:00").unwrap()];
    let hours = WeeklyHours::new([day(), day(), day(), day(), day(), vec![], vec![]]).unwrap();
    let zone = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
    Calendar::new(zone, hours, vec![date(2026, 4, 3)], vec![], vec![]).unwrap()
}

#[test]
fn windows_are_business_time_within_bounds() {
    let check = |raw: &str, expect: Result<&str, &str>| {
        let got = Window::parse(raw)
            .map(|w| w.to_string())
            .map_err(|e| e.to_string());
        match expect {
            Ok(text) => assert_eq!(got.as_deref(), Ok(text), "{raw}"),
            Err(part) => assert!(
                got.as_ref().is_err_and(|e| e.contains(part)),
                "{raw}: {got:?}"
            ),
        }
    };
    check("3d", Ok("3 business days"));
    check("1 business day", Ok("1 business day"));
    check("36h", Ok("36 business hours"));
    check("PT1H", Ok("1 business hour"));
    check("90m", Ok("1h 30m of business time"));
    check("2s", Ok("2s of business time"));
    check("20d", Ok("20 business days"));
    check("21d", Err("one second to 20 business days"));
    check("0d", Err("one second to 20 business days"));
    check("161h", Err("one second to 20 business days"));
    check("PT0.5S", Err("whole seconds"));
    check("soon", Err("\"soon\" is not a review window"));
    assert_eq!(Window::parse("3 days").unwrap().key(), "3d");
}

#[test]
fn the_window_closes_in_business_time_and_warns_24_business_hours_before() {
    let check = |opened: &str, window: &str, closes: &str, soon: Option<&str>| {
        let placed = schedule(at(opened), Window::parse(window).unwrap(), &berlin()).unwrap();
        assert_eq!(placed.closes_at, at(closes), "{opened} + {window}");
        assert_eq!(placed.closing_soon_at, soon.map(at), "{opened} + {window}");
    };
    // Tuesday 10 March 2026, 11:00 CET (10:00Z) + 3 business days = Friday 11:00 CET. The
    // window holds 24 working hours (6 + 8 + 8 + 2), no more than the lead: no notice.
    check("2026-03-10T10:00:00Z", "3d", "2026-03-13T10:00:00Z", None);
    // Five business days hold 40 working hours: the notice goes 16 working hours in,
    // Thursday 11:00 CET, two working days before the close on Tuesday 17 March.
    check(
        "2026-03-10T10:00:00Z",
        "5d",
        "2026-03-17T10:00:00Z",
        Some("2026-03-12T10:00:00Z"),
    );
    // Over Easter (Friday a holiday, then the weekend): opened Wednesday 1 April 15:00
    // CEST, 32 business hours close Wednesday 8 April 15:00; the notice 8 hours in, at
    // Thursday 15:00 CEST.
    check(
        "2026-04-01T13:00:00Z",
        "32h",
        "2026-04-08T13:00:00Z",
        Some("2026-04-02T13:00:00Z"),
    );
    // Opened on a Saturday: the window starts Monday 09:00.
    check("2026-03-14T10:00:00Z", "4h", "2026-03-16T12:00:00Z", None);
}

#[test]
fn open_questions_fall_due_48_business_hours_later() {
    // Tuesday 11:00 CET + 48 working hours (six days of eight) = Wednesday 18 March 11:00.
    let due = question_deadline(at("2026-03-10T10:00:00Z"), &berlin()).unwrap();
    assert_eq!(due, at("2026-03-18T10:00:00Z"));
}

/// Answers written `handle:role:verdict`, role `r` or `d`, verdict `-` for none.
fn answers(spec: &str) -> Vec<Answer> {
    spec.split_whitespace()
        .map(|item| {
            let parts: Vec<&str> = item.split(':').collect();
            Answer {
                handle: parts[0].to_owned(),
                role: if parts[1] == "d" {
                    Role::Decider
                } else {
                    Role::Reviewer
                },
                verdict: match parts[2] {
                    "-" => None,
                    v => Some(Verdict::parse(v).unwrap()),
                },
            }
        })
        .collect()
}

struct Case<'a> {
    state: RoundState,
    reversibility: Reversibility,
    answers: &'a str,
    tie_break: Option<Outcome>,
    questions: &'a [&'a str],
}

const NOW: &str = "2026-03-13T12:00:00Z";

fn closed(reversibility: Reversibility, answers: &str) -> Case<'_> {
    Case {
        state: RoundState::Closed,
        reversibility,
        answers,
        tie_break: None,
        questions: &[],
    }
}

fn check(case: Case<'_>, accept: Result<(), &str>, reject: Result<(), &str>) {
    let answers = answers(case.answers);
    let questions: Vec<Timestamp> = case.questions.iter().map(|q| at(q)).collect();
    let facts = Facts {
        state: case.state,
        reversibility: case.reversibility,
        answers: &answers,
        tie_break: case.tie_break,
        open_questions: &questions,
        now: at(NOW),
    };
    let outcome = |o| decide(&facts, o).map_err(|b| b.reason());
    let label = format!(
        "{:?} {} {:?}",
        case.reversibility, case.answers, case.tie_break
    );
    assert_eq!(
        outcome(Outcome::Accepted),
        accept.map_err(str::to_owned),
        "accept: {label}"
    );
    assert_eq!(
        outcome(Outcome::Rejected),
        reject.map_err(str::to_owned),
        "reject: {label}"
    );
}

use Reversibility::{Irreversible, Reversible};

#[test]
fn a_reversible_decision_goes_ahead_unless_an_objection_stands() {
    check(closed(Reversible, "ana:r:approve ben:r:-"), Ok(()), Ok(()));
    check(closed(Reversible, ""), Ok(()), Ok(()));
    check(closed(Reversible, "ana:r:abstain"), Ok(()), Ok(()));
    check(
        closed(Reversible, "ana:r:approve ben:r:object cid:r:approve"),
        Err(
            "a blocking objection stands (by @ben); revise the proposal, or ask the team's DRI to break the tie",
        ),
        Ok(()),
    );
    check(
        closed(Reversible, "ana:d:approve ben:d:object cid:r:approve"),
        Err("the deciders are split 1 to 1; the team's DRI breaks the tie"),
        Ok(()),
    );
}

#[test]
fn the_dris_tie_break_binds_the_owner() {
    let broken = |outcome| Case {
        tie_break: Some(outcome),
        ..closed(Reversible, "ana:d:approve ben:d:object")
    };
    check(
        broken(Outcome::Accepted),
        Ok(()),
        Err("the team's DRI broke the tie: the proposal is accepted"),
    );
    check(
        broken(Outcome::Rejected),
        Err("the team's DRI broke the tie: the proposal is rejected"),
        Ok(()),
    );
}

#[test]
fn an_irreversible_decision_needs_every_deciders_consent() {
    check(
        closed(
            Irreversible,
            "ana:d:approve ben:d:approve_with_comments cid:r:-",
        ),
        Ok(()),
        Ok(()),
    );
    check(
        closed(Irreversible, "ana:d:approve ben:d:abstain cid:d:-"),
        Err(
            "an irreversible decision needs the consent of every decider; still missing: @ben, @cid",
        ),
        Ok(()),
    );
    check(
        closed(Irreversible, "ana:d:approve ben:r:object"),
        Err(
            "a blocking objection stands (by @ben); an irreversible decision has no tie-break, so revise the proposal or reopen the round for the objection to be withdrawn",
        ),
        Ok(()),
    );
    // Without named deciders the owner decides alone: their publishing is the consent.
    check(closed(Irreversible, "ben:r:approve"), Ok(()), Ok(()));
}

#[test]
fn nothing_is_decided_while_the_window_runs_or_after_it_was_decided() {
    for state in [RoundState::Open, RoundState::Decided, RoundState::Revised] {
        let reason = Blocked::NotClosed(state).reason();
        let case = Case {
            state,
            ..closed(Reversible, "ana:r:approve")
        };
        check(case, Err(&reason), Err(&reason));
    }
}

#[test]
fn open_questions_hold_the_decision_until_they_fall_due() {
    let waiting = "2 open questions still wait for an answer; answer them, or decide on what is known once they fall due";
    let case = |questions| Case {
        questions,
        ..closed(Reversible, "ana:r:approve")
    };
    check(
        case(&["2026-03-13T12:00:01Z", "2026-03-16T09:00:00Z"]),
        Err(waiting),
        Err(waiting),
    );
    // Past its deadline the owner decides on what is known.
    check(case(&[NOW, "2026-03-12T09:00:00Z"]), Ok(()), Ok(()));
}

#[test]
fn only_a_closed_reversible_contested_round_goes_to_the_dri() {
    let need = |case: Case<'_>| {
        let answers = answers(case.answers);
        let facts = Facts {
            state: case.state,
            reversibility: case.reversibility,
            answers: &answers,
            tie_break: case.tie_break,
            open_questions: &[],
            now: at(NOW),
        };
        tie_break_needed(&facts)
    };
    assert_eq!(
        need(closed(Reversible, "ana:d:approve ben:d:object")),
        Some(TieReason::Tie { each: 1 })
    );
    assert_eq!(
        need(closed(Reversible, "ana:r:object")),
        Some(TieReason::Objection {
            by: vec!["ana".into()]
        })
    );
    assert_eq!(need(closed(Reversible, "ana:r:approve")), None);
    assert_eq!(need(closed(Irreversible, "ana:r:object")), None);
    let open = Case {
        state: RoundState::Open,
        ..closed(Reversible, "ana:r:object")
    };
    assert_eq!(need(open), None);
    let broken = Case {
        tie_break: Some(Outcome::Accepted),
        ..closed(Reversible, "ana:r:object")
    };
    assert_eq!(need(broken), None);
}

#[test]
fn the_window_closes_early_once_everyone_deciding_has_answered() {
    let check = |spec: &str, expect: Result<(), &[&str]>| {
        let got = may_close_early(&answers(spec)).map_err(|w| w.missing);
        let expect = expect.map_err(|m| m.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
        assert_eq!(got, expect, "{spec}");
    };
    check("ana:d:approve ben:d:object cid:r:-", Ok(()));
    check("ana:d:approve ben:d:- cid:r:approve", Err(&["ben"]));
    // No deciders named: the owner decides, on every reviewer's answer.
    check("ana:r:approve cid:r:-", Err(&["cid"]));
    check("ana:r:abstain cid:r:approve", Ok(()));
}

#[test]
fn the_charter_decides_which_categories_are_irreversible() {
    let listed: Vec<String> = ["financial", "compliance", "regulatory"]
        .map(String::from)
        .to_vec();
    let check = |asked: Option<Reversibility>,
                 category: Option<&str>,
                 expect: Result<(Reversibility, Option<&str>), &str>| {
        let got = stakes(asked, category, &listed)
            .map(|s| (s.reversibility, s.category))
            .map_err(|e| e.to_string());
        let expect = expect
            .map(|(r, c)| (r, c.map(str::to_owned)))
            .map_err(str::to_owned);
        assert_eq!(got, expect, "{asked:?} {category:?}");
    };
    check(None, None, Ok((Reversible, None)));
    check(
        None,
        Some(" Financial "),
        Ok((Irreversible, Some("financial"))),
    );
    check(None, Some("tooling"), Ok((Reversible, Some("tooling"))));
    check(
        Some(Irreversible),
        Some("data deletion"),
        Ok((Irreversible, Some("data deletion"))),
    );
    check(
        Some(Reversible),
        Some("compliance"),
        Err(
            "the team's charter makes compliance decisions irreversible; open the review as irreversible",
        ),
    );
    check(
        Some(Irreversible),
        None,
        Err(
            "an irreversible decision needs a category (the team's charter lists: financial, compliance, regulatory)",
        ),
    );
    assert!(stakes(None, Some("  "), &listed).is_err());
}

const RFC: &str = "## TL;DR\n\nShard the queue.\n\n## Context\n\n_[What is true today.]_\n\nThe queue is full every Monday.\n\n## Proposal\n\nShard it by tenant.\n\n```\n## not a heading\n```\n\n### Rollout\n\nOne tenant a day.\n\n## Alternatives considered\n\n- _[First option]_\n- A bigger box.\n\n## Decision criteria\n\nCost, then risk.\n";

#[test]
fn sections_are_read_without_template_guidance() {
    let check = |spec: &str, expect: Option<&str>| {
        assert_eq!(section_text(RFC, spec).as_deref(), expect, "{spec}");
    };
    check("Context", Some("The queue is full every Monday."));
    check(
        "Proposal",
        Some(
            "Shard it by tenant.\n\n```\n## not a heading\n```\n\n### Rollout\n\nOne tenant a day.",
        ),
    );
    check(
        "Alternatives considered|Alternatives",
        Some("- A bigger box."),
    );
    check("Open questions", None);
}

#[test]
fn the_draft_is_filled_from_the_proposal_and_the_round() {
    let tally = Tally {
        proposal: "shard-the-queue".into(),
        round: 2,
        approvals: vec![
            ("ana".into(), None),
            ("cid".into(), Some("Watch\nthe cost.".into())),
        ],
        objections: vec![("ben".into(), "Too risky.".into())],
        abstentions: vec![],
        silent: vec!["dan".into()],
        questions: vec![
            ("Which tenant first?".into(), Some("The smallest.".into())),
            ("Who pays?".into(), None),
        ],
        unresolved_threads: vec!["Naming".into()],
        tie_break: Some((
            "lead".into(),
            Outcome::Accepted,
            "The risk is bounded.".into(),
        )),
    };
    let draft = draft("Shard the queue", RFC, &tally, Outcome::Accepted);
    assert_eq!(
        draft.context,
        "The queue is full every Monday.\n\nProposed in [[shard-the-queue]] and reviewed in round 2."
    );
    assert_eq!(
        draft.options,
        "- The proposal in [[shard-the-queue]].\n\nThe alternatives it weighed:\n\n- A bigger box."
    );
    assert!(
        draft.decision.starts_with(
            "We will adopt the proposal in [[shard-the-queue]]:\n\nShard it by tenant."
        ),
        "{}",
        draft.decision
    );
    assert_eq!(
        draft.rationale,
        "Judged on the proposal's criteria:\n\nCost, then risk.\n\nIn the review:\n\n- @ana approved.\n- @cid approved, commenting: Watch the cost.\n- @ben objected: Too risky.\n- No verdict from @dan.\n\nThe team's DRI, @lead, broke the tie (accepted): The risk is bounded."
    );
    assert!(
        draft
            .consequences
            .contains("- Which tenant first? — The smallest."),
        "{}",
        draft.consequences
    );
    assert!(
        draft
            .consequences
            .contains("these questions stayed open:\n\n- Who pays?"),
        "{}",
        draft.consequences
    );
    assert!(
        draft.consequences.contains("discussion:\n\n- Naming"),
        "{}",
        draft.consequences
    );
    let rejected = super::draft("Shard the queue", "", &tally, Outcome::Rejected);
    assert_eq!(
        rejected.decision,
        "We will not adopt the proposal in [[shard-the-queue]]."
    );
    assert!(
        rejected
            .body()
            .starts_with("## Context\n\nThe proposal [[shard-the-queue]] explains")
    );
}
